import { randomBytes } from "node:crypto"

// No 0/O or 1/I/L: the code is read off a phone screen and typed at checkout.
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

const PREFIX = "SMS"
const LENGTH = 8
const HOUR_MS = 3_600_000

/** How long a step's code stays valid when the step does not say. */
export const DEFAULT_DISCOUNT_EXPIRY_HOURS = 48

/**
 * When a code created at `from` stops working: after the step's expiry hours, or the default.
 * The engine dates the promotion by it and the preview shows its day, so both name one date.
 */
export function discountExpiresAt(from: Date, expiryHours: number | null | undefined): Date {
  return new Date(from.getTime() + (expiryHours ?? DEFAULT_DISCOUNT_EXPIRY_HOURS) * HOUR_MS)
}

/**
 * The code a preview or a test text shows: the shape and length of a real one, so the preview
 * counts the segments a real text takes.
 */
export const SAMPLE_DISCOUNT_CODE = `${PREFIX}-7KQ2PXHD`

/** A unique-enough, readable single-use code such as `SMS-7KQ2PXHD` (40 bits). */
export function generateDiscountCode(prefix = PREFIX): string {
  let code = ""
  while (code.length < LENGTH) {
    for (const byte of randomBytes(16)) {
      // 248 = 8 × 31: bytes above it are dropped so every character is equally likely.
      if (byte < 248 && code.length < LENGTH) {
        code += ALPHABET[byte % ALPHABET.length]
      }
    }
  }
  return `${prefix}-${code}`
}
