import { DEFAULT_DISCOUNT_EXPIRY_HOURS, discountExpiresAt, generateDiscountCode, SAMPLE_DISCOUNT_CODE } from "../discount-code"

// No 0/O or 1/I/L.
const SHAPE = /^SMS-[2-9A-HJKMNP-Z]{8}$/

describe("generateDiscountCode", () => {
  it("writes readable codes of one shape, different each time", () => {
    const codes = Array.from({ length: 500 }, () => generateDiscountCode())
    codes.forEach((code) => expect(code).toMatch(SHAPE))
    expect(new Set(codes).size).toBe(codes.length)
  })

  it("takes another prefix", () => {
    expect(generateDiscountCode("VIP")).toMatch(/^VIP-[2-9A-HJKMNP-Z]{8}$/)
  })
})

describe("SAMPLE_DISCOUNT_CODE", () => {
  it("has a real code's shape and length, so a preview counts the segments a real text takes", () => {
    expect(SAMPLE_DISCOUNT_CODE).toMatch(SHAPE)
    expect(SAMPLE_DISCOUNT_CODE).toHaveLength(generateDiscountCode().length)
  })
})

describe("discountExpiresAt", () => {
  const from = new Date("2026-11-27T10:00:00Z")

  it.each([
    [24, "2026-11-28T10:00:00.000Z"],
    [1, "2026-11-27T11:00:00.000Z"],
    [168, "2026-12-04T10:00:00.000Z"],
  ])("a step valid %i hours expires at %s", (hours, expected) => {
    expect(discountExpiresAt(from, hours).toISOString()).toBe(expected)
  })

  it.each([null, undefined])("a step that does not say (%s) gets the default", (hours) => {
    expect(DEFAULT_DISCOUNT_EXPIRY_HOURS).toBe(48)
    expect(discountExpiresAt(from, hours).toISOString()).toBe("2026-11-29T10:00:00.000Z")
  })
})
