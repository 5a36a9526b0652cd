/** Encoding names as the Sinch dry_run endpoint reports them. */
export type SmsEncoding = "text" | "unicode"

export interface SegmentCount {
  encoding: SmsEncoding
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  units: number
  parts: number
}

// 3GPP TS 23.038 basic table (without the ESC code itself).
const GSM_BASIC_CHARS = new Set(
  Array.from(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
      "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
  )
)
// Extension table: each costs ESC + char, so 2 septets.
const GSM_EXTENSION_CHARS = new Set(Array.from("\f^{}\\[~]|€"))

const GSM_SINGLE_PART = 160
const GSM_PER_PART = 153
const UCS2_SINGLE_PART = 70
const UCS2_PER_PART = 67

/** Counts parts with the GSM-7 / UCS-2 rules; one non-GSM character switches the whole text to UCS-2. */
export function countSegments(text: string): SegmentCount {
  const chars = Array.from(text)
  const isGsm = chars.every((char) => GSM_BASIC_CHARS.has(char) || GSM_EXTENSION_CHARS.has(char))
  if (isGsm) {
    const septets = chars.map((char) => (GSM_EXTENSION_CHARS.has(char) ? 2 : 1))
    return { encoding: "text", ...packIntoParts(septets, GSM_SINGLE_PART, GSM_PER_PART) }
  }
  // A code point outside the BMP is a surrogate pair: 2 code units.
  const codeUnits = chars.map((char) => char.length)
  return { encoding: "unicode", ...packIntoParts(codeUnits, UCS2_SINGLE_PART, UCS2_PER_PART) }
}

/** Packs greedily so an escape sequence or a surrogate pair is never split across two parts. */
function packIntoParts(
  unitsPerChar: number[],
  singlePartLimit: number,
  perPartLimit: number
): { units: number; parts: number } {
  const units = unitsPerChar.reduce((sum, size) => sum + size, 0)
  if (units <= singlePartLimit) {
    return { units, parts: 1 }
  }
  let parts = 1
  let usedInPart = 0
  for (const size of unitsPerChar) {
    if (usedInPart + size > perPartLimit) {
      parts += 1
      usedInPart = 0
    }
    usedInPart += size
  }
  return { units, parts }
}
