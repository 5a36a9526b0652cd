import { createHmac, timingSafeEqual } from "node:crypto"

/** How far a signed callback's timestamp may be from our clock. */
export const SINCH_SIGNATURE_MAX_SKEW_SECONDS = 5 * 60

export const SINCH_SIGNATURE_HEADERS = {
  signature: "x-sinch-webhook-signature",
  timestamp: "x-sinch-webhook-signature-timestamp",
  nonce: "x-sinch-webhook-signature-nonce",
  algorithm: "x-sinch-webhook-signature-algorithm",
} as const

/** Sinch nonces are ULIDs (26 characters); anything far longer is refused before it is stored. */
export const SINCH_SIGNATURE_MAX_NONCE_LENGTH = 128

export type SignatureFailure =
  | "missing_headers"
  | "bad_nonce"
  | "unsupported_algorithm"
  | "bad_timestamp"
  | "stale_timestamp"
  | "bad_signature"

export type SignatureCheck =
  | { valid: true; nonce: string; timestamp: number }
  | { valid: false; reason: SignatureFailure }

type Headers = Record<string, string | string[] | undefined>

/**
 * Verifies a Sinch callback signature: `x-sinch-webhook-signature` must be
 * base64(HMAC-SHA256(secret, rawBody + "." + nonce + "." + timestamp)), compared in constant
 * time, with the timestamp (Unix seconds) within five minutes of `now`. The SDK's own
 * `validateWebhookSignature` compares with `===` and checks no time, hence this one. Whether
 * the nonce was seen before is the caller's to check.
 */
export function verifySinchSignature(
  secret: string,
  headers: Headers,
  rawBody: Buffer | string,
  now: Date
): SignatureCheck {
  const signature = header(headers, SINCH_SIGNATURE_HEADERS.signature)
  const timestampText = header(headers, SINCH_SIGNATURE_HEADERS.timestamp)
  const nonce = header(headers, SINCH_SIGNATURE_HEADERS.nonce)
  if (!signature || !timestampText || !nonce) {
    return { valid: false, reason: "missing_headers" }
  }
  if (nonce.length > SINCH_SIGNATURE_MAX_NONCE_LENGTH) {
    return { valid: false, reason: "bad_nonce" }
  }
  const algorithm = header(headers, SINCH_SIGNATURE_HEADERS.algorithm)
  if (algorithm && algorithm.toLowerCase() !== "hmacsha256") {
    return { valid: false, reason: "unsupported_algorithm" }
  }
  if (!/^\d{1,12}$/.test(timestampText)) {
    return { valid: false, reason: "bad_timestamp" }
  }
  const timestamp = Number(timestampText)
  if (Math.abs(now.getTime() / 1000 - timestamp) > SINCH_SIGNATURE_MAX_SKEW_SECONDS) {
    return { valid: false, reason: "stale_timestamp" }
  }
  const expected = createHmac("sha256", secret)
    .update(rawBody)
    .update(`.${nonce}.${timestampText}`, "utf8")
    .digest("base64")
  const given = Buffer.from(signature, "utf8")
  const wanted = Buffer.from(expected, "utf8")
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    return { valid: false, reason: "bad_signature" }
  }
  return { valid: true, nonce, timestamp }
}

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name]
  const first = Array.isArray(value) ? value[0] : value
  return first?.trim() || undefined
}
