import { signToken, verifyToken } from "../signing"

describe("signed tokens", () => {
  const secret = "s".repeat(32)

  it("verifies a token minted for the same purpose and secret", () => {
    expect(verifyToken(secret, "sinch-delivery", signToken(secret, "sinch-delivery"))).toBe(true)
  })

  it.each([
    ["another purpose", signToken(secret, "sinch-inbound")],
    ["another secret", signToken("t".repeat(32), "sinch-delivery")],
    ["a truncated token", signToken(secret, "sinch-delivery").slice(0, -1)],
    ["an empty token", ""],
    ["no token", undefined],
    ["an array", ["x"]],
  ])("refuses %s", (_, token) => {
    expect(verifyToken(secret, "sinch-delivery", token)).toBe(false)
  })

  it("is URL-safe", () => {
    expect(signToken(secret, "sinch-delivery")).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })
})
