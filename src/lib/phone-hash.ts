import { createHmac } from "node:crypto"

/** Marks a phone column that a GDPR erase replaced with a keyed hash. */
export const ERASED_PHONE_PREFIX = "hash:"

/**
 * What a GDPR erase leaves where a phone number was: `hash:` and the hex HMAC-SHA256 of the
 * E.164 number under the store's secret. The same number always gives the same value, so an
 * erased number stays suppressed, yet the number cannot be read back from it.
 */
export function erasedPhone(secret: string, e164: string): string {
  return `${ERASED_PHONE_PREFIX}${createHmac("sha256", secret).update(e164, "utf8").digest("hex")}`
}

export function isErasedPhone(value: string): boolean {
  return value.startsWith(ERASED_PHONE_PREFIX)
}

/**
 * A stable, URL-safe stand-in for a number in lock and idempotency keys, so that neither a
 * lock store nor Sinch's `client_reference` carries the number itself.
 */
export function phoneKey(secret: string, e164: string): string {
  return createHmac("sha256", secret).update(`sms-recovery:phone-key:${e164}`, "utf8").digest("hex").slice(0, 32)
}
