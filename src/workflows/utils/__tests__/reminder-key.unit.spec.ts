import { earlierAttemptKeys, reminderIdempotencyKey, sendAttemptKey } from "../reminder-key"

describe("reminder keys", () => {
  const key = reminderIdempotencyKey("smsrec_1", 2)

  it("names a recovery's step", () => {
    expect(key).toBe("recovery:smsrec_1:step:2")
  })

  it.each([
    [1, "recovery:smsrec_1:step:2"],
    [2, "recovery:smsrec_1:step:2:retry:1"],
    [5, "recovery:smsrec_1:step:2:retry:4"],
  ])("gives hand-over %i the key %s", (attempt, expected) => {
    expect(sendAttemptKey(key, attempt)).toBe(expected)
  })

  it("lists the keys of the hand-overs before the n-th, none before the first", () => {
    expect(earlierAttemptKeys(key, 0)).toEqual([])
    expect(earlierAttemptKeys(key, 1)).toEqual([])
    expect(earlierAttemptKeys(key, 3)).toEqual([key, `${key}:retry:1`])
  })

  it("never gives two hand-overs the same key", () => {
    const keys = Array.from({ length: 50 }, (_, index) => sendAttemptKey(key, index + 1))
    expect(new Set(keys).size).toBe(50)
  })
})
