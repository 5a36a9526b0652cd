import { createHmac } from "node:crypto"
import { erasedPhone, isErasedPhone, phoneKey } from "../phone-hash"

const secret = "s".repeat(32)

describe("erasedPhone", () => {
  it("is hash: and the hex HMAC-SHA256 of the E.164 number", () => {
    const expected = createHmac("sha256", secret).update("+14155550123").digest("hex")
    expect(erasedPhone(secret, "+14155550123")).toBe(`hash:${expected}`)
  })

  it("is stable per number and secret, and differs otherwise", () => {
    expect(erasedPhone(secret, "+14155550123")).toBe(erasedPhone(secret, "+14155550123"))
    expect(erasedPhone(secret, "+14155550124")).not.toBe(erasedPhone(secret, "+14155550123"))
    expect(erasedPhone("t".repeat(32), "+14155550123")).not.toBe(erasedPhone(secret, "+14155550123"))
  })

  it("is recognised as erased; a number is not", () => {
    expect(isErasedPhone(erasedPhone(secret, "+14155550123"))).toBe(true)
    expect(isErasedPhone("+14155550123")).toBe(false)
  })
})

describe("phoneKey", () => {
  it("is 32 hex characters that do not contain the number", () => {
    const key = phoneKey(secret, "+14155550123")
    expect(key).toMatch(/^[0-9a-f]{32}$/)
    expect(key).not.toContain("4155550123")
  })

  it("differs from the erase hash of the same number", () => {
    expect(erasedPhone(secret, "+14155550123")).not.toContain(phoneKey(secret, "+14155550123"))
  })
})
