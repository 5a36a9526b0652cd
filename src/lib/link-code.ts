import { randomBytes } from "node:crypto"

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
/** 12 base-62 characters carry 71 bits: unguessable, and short enough to keep texts cheap. */
export const LINK_CODE_LENGTH = 12
export const LINK_CODE_PATTERN = /^[0-9A-Za-z]{12}$/

/**
 * A random code for a recovery link (`/sms/r/<code>`). Bytes ≥ 248 are discarded so every
 * character is equally likely (248 = 4 × 62).
 */
export function generateLinkCode(): string {
  let code = ""
  while (code.length < LINK_CODE_LENGTH) {
    for (const byte of randomBytes(LINK_CODE_LENGTH * 2)) {
      if (byte < 248 && code.length < LINK_CODE_LENGTH) {
        code += ALPHABET[byte % 62]
      }
    }
  }
  return code
}
