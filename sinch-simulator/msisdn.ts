/** Sinch ignores spaces, dashes and brackets in MSISDNs. */
const IGNORED_MSISDN_CHARS = /[\s\-()[\]]/g
const MIN_MSISDN_DIGITS = 7
const MAX_MSISDN_DIGITS = 15
const VISIBLE_DIGITS_WHEN_MASKED = 4

/**
 * Normalises an MSISDN the way Sinch accepts it (optional `+` or `00` prefix) to the form
 * Sinch returns: digits only, no `+`. Returns undefined when it is not a plausible MSISDN.
 */
export function normalizeMsisdn(raw: string): string | undefined {
  const compact = raw.replace(IGNORED_MSISDN_CHARS, "")
  const digits = stripInternationalPrefix(compact)
  if (!/^\d+$/.test(digits)) {
    return undefined
  }
  if (digits.length < MIN_MSISDN_DIGITS || digits.length > MAX_MSISDN_DIGITS) {
    return undefined
  }
  return digits
}

function stripInternationalPrefix(value: string): string {
  if (value.startsWith("+")) {
    return value.slice(1)
  }
  if (value.startsWith("00")) {
    return value.slice(2)
  }
  return value
}

/**
 * Sender IDs may be phone numbers, short codes or alphanumerics; only international phone
 * numbers are rewritten (to digits without `+`), the rest is echoed as given.
 */
export function normalizeOriginator(raw: string): string {
  const looksInternational = /^\s*(\+|00)/.test(raw)
  if (!looksInternational) {
    return raw
  }
  return normalizeMsisdn(raw) ?? raw
}

/** Keeps only the last 4 digits, e.g. `14155550123` → `*******0123`. */
export function maskMsisdn(value: string): string {
  const digits = value.replace(/\D/g, "")
  if (digits.length <= VISIBLE_DIGITS_WHEN_MASKED) {
    return "*".repeat(digits.length)
  }
  const hiddenCount = digits.length - VISIBLE_DIGITS_WHEN_MASKED
  return "*".repeat(hiddenCount) + digits.slice(hiddenCount)
}
