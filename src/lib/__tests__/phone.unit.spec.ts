import { maskPhone, maskPhonesInText, normalizeMsisdn, normalizePhone } from "../phone"

describe("normalizePhone", () => {
  it.each([
    ["+1 (415) 555-0123", "US", "+14155550123", "US"],
    ["(415) 555-0123", "US", "+14155550123", "US"],
    ["415.555.0123", "US", "+14155550123", "US"],
    ["0044 20 7946 0958", "US", "+442079460958", "GB"],
    ["020 7946 0958", "GB", "+442079460958", "GB"],
    ["+49 30 901820", "US", "+4930901820", "DE"],
    ["  +33 6 12 34 56 78 ", "US", "+33612345678", "FR"],
  ] as const)("%s (default %s) → %s", (input, country, e164, numberCountry) => {
    expect(normalizePhone(input, country)).toEqual({ e164, country: numberCountry })
  })

  it.each([
    ["", "empty"],
    ["   ", "blank"],
    ["415-555-CALL", "letters"],
    ["call me", "words"],
    ["12345", "too short"],
    ["+1 415 555 01234567", "too long"],
    ["+1 011 555 0123", "invalid area code"],
  ])("refuses %p (%s)", (input) => {
    expect(normalizePhone(input, "US")).toBeNull()
  })

  it("reads a national number in the given default country", () => {
    expect(normalizePhone("06 12 34 56 78", "FR")?.e164).toBe("+33612345678")
    expect(normalizePhone("06 12 34 56 78", "US")).toBeNull()
  })
})

describe("normalizeMsisdn", () => {
  it("reads Sinch's plus-less MSISDNs as international numbers", () => {
    expect(normalizeMsisdn("14155550123")).toEqual({ e164: "+14155550123", country: "US" })
    expect(normalizeMsisdn("442079460958")?.e164).toBe("+442079460958")
  })

  it.each(["", "abc", "123", "1415555012345678"])("refuses %p", (msisdn) => {
    expect(normalizeMsisdn(msisdn)).toBeNull()
  })
})

describe("maskPhone", () => {
  it.each([
    ["+14155550123", "+*******0123"],
    ["14155550123", "*******0123"],
    ["+442079460958", "+********0958"],
    ["123", "***"],
    ["1234", "****"],
  ])("%s → %s", (input, masked) => {
    expect(maskPhone(input)).toBe(masked)
  })

  it("never keeps more than the last four digits", () => {
    const masked = maskPhone("+14155550123")
    expect(masked).not.toContain("415")
    expect(masked.endsWith("0123")).toBe(true)
  })
})

describe("maskPhonesInText", () => {
  it("masks every number in a message and leaves the rest", () => {
    expect(
      maskPhonesInText("Invalid MSISDN +14155550123 and 442079460958, code 400")
    ).toBe("Invalid MSISDN +*******0123 and ********0958, code 400")
  })
})
