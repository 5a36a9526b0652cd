import {
  parsePhoneNumberFromString,
  type CountryCode,
} from "libphonenumber-js"

export type { CountryCode }

export type NormalizedPhone = {
  /** The number in E.164, e.g. `+14155550123`. */
  e164: string
  /** ISO 3166-1 alpha-2 country of the number, when the numbering plan tells it. */
  country: CountryCode | undefined
}

/**
 * Normalises a number as a shopper or Sinch writes it (`(415) 555-0123`, `0044 20…`,
 * `14155550123` without `+`) to E.164. Returns `null` for anything that is not a valid,
 * textable-length number, so callers can answer with a clear error instead of sending.
 */
export function normalizePhone(
  input: string,
  defaultCountry: CountryCode = "US"
): NormalizedPhone | null {
  const trimmed = input.trim()
  if (!trimmed || /[a-z]/i.test(trimmed)) {
    return null
  }
  const parsed = parsePhoneNumberFromString(
    withInternationalPrefix(trimmed),
    defaultCountry
  )
  if (!parsed?.isValid()) {
    return null
  }
  return { e164: parsed.number, country: parsed.country }
}

/**
 * Sinch sends MSISDNs without `+` (`14155550123`) and people write `00…` for international
 * numbers; both are international forms, not national ones.
 */
function withInternationalPrefix(input: string): string {
  if (input.startsWith("00")) {
    return `+${input.slice(2)}`
  }
  return input
}

/** Parses an MSISDN as Sinch reports it (digits, no `+`). */
export function normalizeMsisdn(msisdn: string): NormalizedPhone | null {
  const digits = msisdn.trim().replace(/^\+/, "")
  if (!/^\d{7,15}$/.test(digits)) {
    return null
  }
  return normalizePhone(`+${digits}`)
}

/** `+14155550123` → `+*******0123`: enough to tell numbers apart in a log, not to dial one. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "")
  if (digits.length <= 4) {
    return "*".repeat(digits.length)
  }
  const prefix = phone.trim().startsWith("+") ? "+" : ""
  return `${prefix}${"*".repeat(digits.length - 4)}${digits.slice(-4)}`
}

/**
 * Replaces every phone-number-looking run in free text (an upstream error message, say) with
 * its masked form, so no log line carries a full number.
 */
export function maskPhonesInText(text: string): string {
  return text.replace(/\+?\d[\d\s().-]{6,}\d/g, (match) => maskPhone(match))
}
