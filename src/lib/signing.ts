import { createHmac, timingSafeEqual } from "node:crypto"

/**
 * A token that proves a URL was minted by this store for one purpose (e.g. the Sinch
 * delivery-report callback): HMAC-SHA256 of the purpose under the store's secret, base64url.
 */
export function signToken(secret: string, purpose: string): string {
  return createHmac("sha256", secret).update(`sms-recovery:${purpose}`).digest("base64url")
}

/** Constant-time check of a token from `signToken`. */
export function verifyToken(secret: string, purpose: string, token: unknown): boolean {
  if (typeof token !== "string" || !token) {
    return false
  }
  const expected = Buffer.from(signToken(secret, purpose))
  const given = Buffer.from(token)
  return given.length === expected.length && timingSafeEqual(given, expected)
}
