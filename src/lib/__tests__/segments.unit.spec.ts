import { analyzeSegments } from "../segments"

const a = (n: number) => "a".repeat(n)
const EMOJI = "😀" // one code point, two UTF-16 units

describe("analyzeSegments", () => {
  it.each([
    ["empty text", "", "GSM-7", 1, 0],
    ["1 char", "a", "GSM-7", 1, 1],
    ["160 septets", a(160), "GSM-7", 1, 160],
    ["161 septets", a(161), "GSM-7", 2, 161],
    ["153 × 2 septets", a(306), "GSM-7", 2, 306],
    ["153 × 2 + 1 septets", a(307), "GSM-7", 3, 307],
    ["153 × 3 septets", a(459), "GSM-7", 3, 459],
    ["153 × 3 + 1 septets", a(460), "GSM-7", 4, 460],
    ["153 × 4 septets", a(612), "GSM-7", 4, 612],
    ["70 UCS-2 units", "á" + a(69), "UCS-2", 1, 70],
    ["71 UCS-2 units", "á" + a(70), "UCS-2", 2, 71],
    ["67 × 2 UCS-2 units", "á" + a(133), "UCS-2", 2, 134],
    ["67 × 2 + 1 UCS-2 units", "á" + a(134), "UCS-2", 3, 135],
    ["67 × 3 UCS-2 units", "á" + a(200), "UCS-2", 3, 201],
  ])("%s", (_label, text, encoding, segments, characters) => {
    const result = analyzeSegments(text)
    expect(result.encoding).toBe(encoding)
    expect(result.segments).toBe(segments)
    expect(result.characters).toBe(characters)
  })

  describe("GSM-7 extension table (two septets each)", () => {
    it.each(["^", "{", "}", "\\", "[", "~", "]", "|", "€", "\f"])("%j costs 2 septets", (char) => {
      expect(analyzeSegments(char)).toEqual({
        encoding: "GSM-7",
        segments: 1,
        characters: 2,
        ucs2Characters: [],
        charactersLeft: 158,
      })
    })

    it.each([
      ["159 + € = 161 septets: two parts", a(159) + "€", 2, 161],
      ["158 + € = 160 septets: one part", a(158) + "€", 1, 160],
      ["80 × € = 160 septets: one part", "€".repeat(80), 1, 160],
      ["152 + € + 7: the pair moves to part 2", a(152) + "€" + a(7), 2, 161],
      // 306 septets fit 2 × 153 only if the ESC pair could be split; it cannot.
      ["152 + € + 152 = 306 septets: three parts", a(152) + "€" + a(152), 3, 306],
      ["151 + € + 153 = 306 septets: pair ends part 1", a(151) + "€" + a(153), 2, 306],
    ])("%s", (_label, text, segments, characters) => {
      const result = analyzeSegments(text)
      expect(result.encoding).toBe("GSM-7")
      expect(result.segments).toBe(segments)
      expect(result.characters).toBe(characters)
    })
  })

  describe("UCS-2 surrogate pairs", () => {
    it.each([
      ["68 + emoji = 70 units: one part", a(68) + EMOJI, 1, 70],
      ["69 + emoji = 71 units: two parts", a(69) + EMOJI, 2, 71],
      ["emoji + 133 = 135 units: three parts", EMOJI + a(133), 3, 135],
      ["emoji + 132 = 134 units: two parts", EMOJI + a(132), 2, 134],
      // 134 units fit 2 × 67 only if the surrogate pair could be split; it cannot.
      ["66 + emoji + 66 = 134 units: three parts", a(66) + EMOJI + a(66), 3, 134],
      ["65 + emoji + 67 = 134 units: pair ends part 1", a(65) + EMOJI + a(67), 2, 134],
    ])("%s", (_label, text, segments, characters) => {
      const result = analyzeSegments(text)
      expect(result.encoding).toBe("UCS-2")
      expect(result.segments).toBe(segments)
      expect(result.characters).toBe(characters)
    })
  })

  describe("which characters force UCS-2", () => {
    it.each([
      ["é", "GSM-7"],
      ["É", "GSM-7"],
      ["Ç", "GSM-7"],
      ["ß", "GSM-7"],
      ["\u03a9", "GSM-7"], // Greek capital omega, in the basic table
      ["Δ", "GSM-7"],
      ["£", "GSM-7"],
      ["¥", "GSM-7"],
      ["¤", "GSM-7"],
      ["§", "GSM-7"],
      ["¿", "GSM-7"],
      ["\n", "GSM-7"],
      ["\r", "GSM-7"],
      ["@", "GSM-7"],
      ["á", "UCS-2"],
      ["ç", "UCS-2"],
      ["ê", "UCS-2"],
      ["\u2126", "UCS-2"], // ohm sign, a look-alike
      ["`", "UCS-2"],
      ["’", "UCS-2"],
      ["“", "UCS-2"],
      ["–", "UCS-2"],
      ["—", "UCS-2"],
      ["…", "UCS-2"],
      ["\u00a0", "UCS-2"],
      ["\t", "UCS-2"],
      ["\u001b", "UCS-2"],
      ["e\u0301", "UCS-2"], // decomposed é
      [EMOJI, "UCS-2"],
    ])("%j → %s", (char, encoding) => {
      expect(analyzeSegments(`Hi ${char}`).encoding).toBe(encoding)
    })

    it("lists each offending character once, in order of appearance", () => {
      expect(analyzeSegments("Café ’ok’ — á 😀 á ’").ucs2Characters).toEqual([
        "’",
        "—",
        "á",
        EMOJI,
      ])
    })

    it("lists nothing for a GSM-7 text, even with extension characters", () => {
      expect(analyzeSegments("Save 10€ {now} [today] ^_^ ~ | \\").ucs2Characters).toEqual([])
    })

    it("one emoji switches a whole 100-character text to UCS-2 (2 parts)", () => {
      const gsm = analyzeSegments(a(100))
      const mixed = analyzeSegments(a(98) + EMOJI)
      expect(gsm).toEqual({ encoding: "GSM-7", segments: 1, characters: 100, ucs2Characters: [], charactersLeft: 60 })
      // 67 units in the first part, 33 (31 letters + the emoji's pair) in the second.
      expect(mixed).toEqual({ encoding: "UCS-2", segments: 2, characters: 100, ucs2Characters: [EMOJI], charactersLeft: 34 })
    })

    it("counts extension characters as one unit once the text is UCS-2", () => {
      expect(analyzeSegments("€á").characters).toBe(2)
    })
  })
})

describe("charactersLeft: room in the last part before the text costs one more", () => {
  it.each([
    ["empty text", "", 160],
    ["160 septets: the single part is full", a(160), 0],
    ["161 septets: 153 + 8", a(161), 145],
    ["154 septets with an escape still fit one part", a(152) + "€", 6],
    ["an escape pair that would straddle parts opens the next one", a(152) + "€" + a(7), 144],
    ["70 UCS-2 units: full", "á" + a(69), 0],
    ["71 UCS-2 units: 67 + 4", "á" + a(70), 63],
    ["a surrogate pair that would straddle parts opens the next one", "á" + a(65) + EMOJI + a(5), 60],
  ])("%s", (_label, text, left) => {
    expect(analyzeSegments(text).charactersLeft).toBe(left)
  })
})

describe("GSM 03.38 basic table", () => {
  // The 127 printable characters of the default alphabet (everything but ESC).
  const BASIC_TABLE =
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"

  it("has 127 distinct characters, each one septet", () => {
    expect(new Set(BASIC_TABLE).size).toBe(127)
    expect(analyzeSegments(BASIC_TABLE)).toEqual({
      encoding: "GSM-7",
      segments: 1,
      characters: 127,
      ucs2Characters: [],
      charactersLeft: 33,
    })
  })
})
