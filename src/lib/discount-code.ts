import { randomBytes } from "node:crypto"

// No 0/O or 1/I/L: the code is read off a phone screen and typed at checkout.
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

/** A unique-enough, readable single-use code such as `SMS-7KQ2PXHD` (40 bits). */
export function generateDiscountCode(prefix = "SMS"): string {
  let code = ""
  while (code.length < 8) {
    for (const byte of randomBytes(16)) {
      // 248 = 8 × 31: bytes above it are dropped so every character is equally likely.
      if (byte < 248 && code.length < 8) {
        code += ALPHABET[byte % ALPHABET.length]
      }
    }
  }
  return `${prefix}-${code}`
}
