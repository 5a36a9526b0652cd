import { createHmac, randomBytes, timingSafeEqual } from "node:crypto"

/**
 * How long a recovery link's redirect stays exchangeable for the cart. It only has to outlive
 * the redirect chain from the text to the storefront's restore route; each tap mints a new one.
 */
export const CART_TOKEN_TTL_MS = 15 * 60 * 1000

const PURPOSE = "sms-recovery:cart-token"
const MESSAGE_ID = /^[A-Za-z0-9_]{1,64}$/
const NONCE = /^[A-Za-z0-9_-]{16}$/
const EXPIRY = /^[0-9a-z]{1,11}$/
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/

export type CartTokenClaims = {
  /** The recovery text whose link was tapped; its recovery names the cart. */
  messageId: string
  /** Random per token: the key that makes a token usable once. */
  tokenId: string
  /** Whole seconds: the token is refused from this instant on. */
  expiresAt: Date
}

export type CartTokenCheck =
  | { valid: true; claims: CartTokenClaims }
  | { valid: false; reason: "malformed" | "forged" | "expired" }

export type SignCartTokenInput = {
  messageId: string
  issuedAt: Date
  /** Defaults to a random one; fixed only by tests. */
  tokenId?: string
}

function signature(secret: string, payload: string): string {
  return createHmac("sha256", secret).update(`${PURPOSE}:${payload}`).digest("base64url")
}

/**
 * A short-lived, single-purpose token standing for a recovery text's cart in the storefront
 * URL, where a raw cart id would open the guest's address and phone to anyone holding the URL:
 * `<message id>.<expiry, base 36 seconds>.<token id>.<HMAC-SHA256>`. It names the text, not the
 * cart, and only the backend can turn it into the cart.
 */
export function signCartToken(secret: string, input: SignCartTokenInput): string {
  if (!MESSAGE_ID.test(input.messageId)) {
    throw new Error(`Cannot sign a cart token for message id "${input.messageId}"`)
  }
  const expiresAt = Math.floor((input.issuedAt.getTime() + CART_TOKEN_TTL_MS) / 1000)
  const tokenId = input.tokenId ?? randomBytes(12).toString("base64url")
  const payload = `${input.messageId}.${expiresAt.toString(36)}.${tokenId}`
  return `${payload}.${signature(secret, payload)}`
}

/**
 * Checks a token from `signCartToken` in constant time: `forged` when the signature does not
 * match (altered, or signed with another key or for another purpose), `expired` from its
 * expiry on. Single use is the caller's to enforce, on `claims.tokenId`.
 */
export function verifyCartToken(secret: string, token: unknown, now: Date): CartTokenCheck {
  if (typeof token !== "string") {
    return { valid: false, reason: "malformed" }
  }
  const parts = token.split(".")
  if (parts.length !== 4) {
    return { valid: false, reason: "malformed" }
  }
  const [messageId, expiry, tokenId, given] = parts
  if (!MESSAGE_ID.test(messageId) || !EXPIRY.test(expiry) || !NONCE.test(tokenId) || !SIGNATURE.test(given)) {
    return { valid: false, reason: "malformed" }
  }
  const expected = Buffer.from(signature(secret, `${messageId}.${expiry}.${tokenId}`))
  if (!timingSafeEqual(Buffer.from(given), expected)) {
    return { valid: false, reason: "forged" }
  }
  const expiresAt = new Date(parseInt(expiry, 36) * 1000)
  if (now.getTime() >= expiresAt.getTime()) {
    return { valid: false, reason: "expired" }
  }
  return { valid: true, claims: { messageId, tokenId, expiresAt } }
}
