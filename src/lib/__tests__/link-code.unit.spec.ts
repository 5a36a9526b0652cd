import { generateLinkCode, LINK_CODE_PATTERN } from "../link-code"

describe("generateLinkCode", () => {
  it("makes 12 base-62 characters", () => {
    for (let i = 0; i < 100; i++) {
      expect(generateLinkCode()).toMatch(LINK_CODE_PATTERN)
    }
  })

  it("does not repeat itself over 100,000 codes", () => {
    const codes = new Set(Array.from({ length: 100_000 }, generateLinkCode))
    expect(codes.size).toBe(100_000)
  })

  it("uses every character about equally often", () => {
    const counts = new Map<string, number>()
    for (let i = 0; i < 20_000; i++) {
      for (const char of generateLinkCode()) {
        counts.set(char, (counts.get(char) ?? 0) + 1)
      }
    }
    expect(counts.size).toBe(62)
    const expected = (20_000 * 12) / 62
    for (const count of counts.values()) {
      expect(Math.abs(count - expected) / expected).toBeLessThan(0.1)
    }
  })
})
