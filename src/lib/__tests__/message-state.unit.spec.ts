import { messageMayHaveGoneOut, SEND_UNCONFIRMED } from "../message-state"

describe("messageMayHaveGoneOut", () => {
  it.each([
    ["queued, never handed over", { status: "queued", send_attempts: 0, error_code: null }, false],
    ["queued, handed over by a worker that died", { status: "queued", send_attempts: 1, error_code: null }, true],
    ["queued, an ambiguous failure", { status: "queued", send_attempts: 0, error_code: SEND_UNCONFIRMED }, true],
    ["queued, refused before any hand-over", { status: "queued", send_attempts: 0, error_code: "no_consent" }, false],
    ["sent", { status: "sent", send_attempts: 1, error_code: null }, true],
    ["delivered", { status: "delivered", send_attempts: 1, error_code: null }, true],
  ])("%s → %s", (_, message, expected) => {
    expect(messageMayHaveGoneOut(message)).toBe(expected)
  })
})
