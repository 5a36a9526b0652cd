import { randomBytes } from "node:crypto"

// Crockford base32, as used by ULIDs (no I, L, O, U).
const CROCKFORD_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
const TIME_CHARS = 10
const RANDOM_CHARS = 16

/** A ULID-like id (26 uppercase base32 chars, time-prefixed), the shape of Sinch batch ids. */
export function newUlid(nowMs: number = Date.now()): string {
  return encodeTime(nowMs) + encodeRandom()
}

function encodeTime(nowMs: number): string {
  const chars: string[] = []
  let remaining = Math.floor(nowMs)
  for (let i = 0; i < TIME_CHARS; i += 1) {
    chars.unshift(CROCKFORD_ALPHABET[remaining % 32])
    remaining = Math.floor(remaining / 32)
  }
  return chars.join("")
}

function encodeRandom(): string {
  return Array.from(randomBytes(RANDOM_CHARS), (byte) => CROCKFORD_ALPHABET[byte % 32]).join("")
}

export const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/
