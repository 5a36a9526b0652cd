import {
  isConversationalReply,
  REPLY_FEED_EXCERPT_LENGTH,
  replyFeedKey,
  replyFeedNotification,
  replySenderName,
} from "../reply-notification"

const PHONE = "+14155550123"

describe("replySenderName", () => {
  it.each([
    [["Ana", "Bea", "Cleo"], "Ana"],
    [[null, "Bea", "Cleo"], "Bea"],
    [[undefined, "", "Cleo"], "Cleo"],
    [["   ", "\t", " Cleo  "], "Cleo"],
    [["Ana  Maria"], "Ana Maria"],
    [["x".repeat(41), "Bea"], "Bea"],
    [["x".repeat(40)], "x".repeat(40)],
    [[null, undefined, ""], null],
    [[], null],
  ])("%j → %j", (candidates, expected) => {
    expect(replySenderName(...candidates)).toBe(expected)
  })
})

describe("replyFeedNotification", () => {
  it("names the sender by first name when a reminder was answered", () => {
    expect(
      replyFeedNotification({ first_name: "Ana", phone: PHONE, body: "Is the blue one in stock?", answers_reminder: true })
    ).toEqual({ title: "Ana replied to a cart reminder", description: "“Is the blue one in stock?”" })
  })

  it("falls back to the masked number, never the full one", () => {
    const notification = replyFeedNotification({ first_name: null, phone: PHONE, body: "hi", answers_reminder: true })
    expect(notification.title).toBe("+*******0123 replied to a cart reminder")
    expect(JSON.stringify(notification)).not.toContain("5550123")
  })

  it("says the store was texted when no reminder went to the number", () => {
    expect(
      replyFeedNotification({ first_name: null, phone: PHONE, body: "who is this?", answers_reminder: false }).title
    ).toBe("+*******0123 texted the store")
    expect(
      replyFeedNotification({ first_name: "Ana", phone: PHONE, body: "who is this?", answers_reminder: false }).title
    ).toBe("Ana texted the store")
  })

  it("masks numbers written in the text", () => {
    const { description } = replyFeedNotification({
      first_name: "Ana",
      phone: PHONE,
      body: "Call me on +1 415 555 0199 instead",
      answers_reminder: true,
    })
    expect(description).toBe("“Call me on +*******0199 instead”")
  })

  it("flattens line breaks and trims the text", () => {
    expect(
      replyFeedNotification({ first_name: "Ana", phone: PHONE, body: "  Hello\n\nthere \r\n", answers_reminder: true })
        .description
    ).toBe("“Hello there”")
  })

  it("keeps a text of the excerpt's length whole", () => {
    const body = "a".repeat(REPLY_FEED_EXCERPT_LENGTH)
    expect(replyFeedNotification({ first_name: "Ana", phone: PHONE, body, answers_reminder: true }).description).toBe(
      `“${body}”`
    )
  })

  it("cuts a longer text at a word, with an ellipsis", () => {
    const body = "word ".repeat(100)
    const { description } = replyFeedNotification({ first_name: "Ana", phone: PHONE, body, answers_reminder: true })
    const quoted = description.slice(1, -1)
    expect(quoted.endsWith("word…")).toBe(true)
    expect(quoted.length).toBeLessThanOrEqual(REPLY_FEED_EXCERPT_LENGTH)
    expect(quoted.length).toBeGreaterThan(REPLY_FEED_EXCERPT_LENGTH - 6)
  })

  it("cuts a text without spaces at the limit", () => {
    const body = "x".repeat(REPLY_FEED_EXCERPT_LENGTH + 1)
    const quoted = replyFeedNotification({ first_name: "Ana", phone: PHONE, body, answers_reminder: true }).description.slice(1, -1)
    expect(quoted).toBe(`${"x".repeat(REPLY_FEED_EXCERPT_LENGTH - 1)}…`)
  })
})

describe("replyFeedKey", () => {
  it("is one key per inbound message", () => {
    expect(replyFeedKey("01JREPLY")).toBe("sms-recovery:reply:01JREPLY")
    expect(replyFeedKey("01JREPLY")).not.toBe(replyFeedKey("01JREPLZ"))
  })
})

describe("isConversationalReply", () => {
  it.each([
    ["Is the blue one in stock?", null, true],
    ["  ok  ", null, true],
    ["", null, false],
    [" \n\t ", null, false],
    ["STOP", "stop", false],
    ["HELP", "help", false],
    ["YES", "start", false],
  ])("%j (keyword %j) → %j", (body, keyword, expected) => {
    expect(isConversationalReply(body, keyword)).toBe(expected)
  })
})
