export type SmsEncoding = "GSM-7" | "UCS-2"

export type SegmentAnalysis = {
  /** GSM-7 when every character is in the GSM 03.38 basic or extension table, else UCS-2. */
  encoding: SmsEncoding
  /** Parts the network bills for; an empty text is still one. */
  segments: number
  /** Units counted: septets for GSM-7 (an extension character is 2), UTF-16 code units for UCS-2. */
  characters: number
  /** Distinct characters that forced UCS-2, in order of first appearance; empty for GSM-7. */
  ucs2Characters: string[]
  /** Units that still fit in the last part before the text costs one more. */
  charactersLeft: number
}

/**
 * GSM 03.38 default alphabet (3GPP TS 23.038), one septet each. ESC (0x1B) is left out: it is
 * the escape to the extension table, not a character a text can carry on its own.
 */
const GSM7_BASIC = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)

/** Extension table: sent as ESC + character, so two septets each. */
const GSM7_EXTENSION = new Set("\f^{}\\[~]|€")

const GSM7_SINGLE_PART = 160
/** 1072 bits left after the 6-octet concatenation header, in septets. */
const GSM7_MULTI_PART = 153
const UCS2_SINGLE_PART = 70
/** 1072 bits left after the 6-octet concatenation header, in 16-bit units. */
const UCS2_MULTI_PART = 67

/**
 * Encoding, billed parts and the characters that forced UCS-2 for an SMS body, as the network
 * will count them. Count the text exactly as it will be sent (after rendering, without Unicode
 * normalisation): a decomposed `é` (e + combining accent) is not GSM-7.
 */
export function analyzeSegments(text: string): SegmentAnalysis {
  const codePoints = Array.from(text)
  const ucs2Characters = distinct(codePoints.filter((char) => !isGsm7(char)))
  if (ucs2Characters.length === 0) {
    const septets = codePoints.map(gsm7Septets)
    return {
      encoding: "GSM-7",
      ...countParts(septets, GSM7_SINGLE_PART, GSM7_MULTI_PART),
      characters: sum(septets),
      ucs2Characters,
    }
  }
  const units = codePoints.map((char) => char.length)
  return {
    encoding: "UCS-2",
    ...countParts(units, UCS2_SINGLE_PART, UCS2_MULTI_PART),
    characters: text.length,
    ucs2Characters,
  }
}

function isGsm7(char: string): boolean {
  return GSM7_BASIC.has(char) || GSM7_EXTENSION.has(char)
}

function gsm7Septets(char: string): number {
  return GSM7_EXTENSION.has(char) ? 2 : 1
}

/**
 * Packs characters greedily into parts. A character's units (an ESC pair, a surrogate pair)
 * never straddle two parts, so a part may end one unit short and the count can exceed
 * `ceil(total / perPart)`.
 */
function countParts(
  unitsPerChar: number[],
  singlePart: number,
  perPart: number
): { segments: number; charactersLeft: number } {
  const total = sum(unitsPerChar)
  if (total <= singlePart) {
    return { segments: 1, charactersLeft: singlePart - total }
  }
  let parts = 1
  let used = 0
  for (const units of unitsPerChar) {
    if (used + units > perPart) {
      parts += 1
      used = 0
    }
    used += units
  }
  return { segments: parts, charactersLeft: perPart - used }
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0)
}

function distinct(values: string[]): string[] {
  return [...new Set(values)]
}
