import { parsePhoneNumberFromString } from "libphonenumber-js"
import {
  COUNTRY_TIME_ZONES,
  NANP_AREA_CODE_TIME_ZONES,
  PROVINCE_TIME_ZONES,
} from "./timezone-data"

export type TimeZoneHints = {
  /** Shipping address country, ISO 3166-1 alpha-2 in any case (Medusa stores `us`). */
  countryCode?: string | null
  /** Shipping address province: a code (`CA`, `us-ca`) or a name (`California`, `Québec`). */
  province?: string | null
  /** The recipient's number in E.164. */
  phoneE164?: string | null
}

export type TimeZoneSource = "address" | "phone" | "default"

export type ResolvedTimeZone = {
  /** IANA time zone, e.g. `America/Chicago`. */
  timeZone: string
  /** Which hint decided it. */
  source: TimeZoneSource
}

const COUNTRY_ZONES: ReadonlyMap<string, string> = new Map(Object.entries(COUNTRY_TIME_ZONES))

const PROVINCE_ZONES: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map(
  Object.entries(PROVINCE_TIME_ZONES).map(([country, provinces]) => [
    country,
    new Map(
      provinces.flatMap(([code, timeZone, ...names]) =>
        [code, ...names].map((key) => [provinceKey(key), timeZone] as const)
      )
    ),
  ])
)

const NANP_NUMBER = /^\+1(\d{3})\d{7}$/

/**
 * The recipient's time zone for quiet hours: the shipping address (country, plus
 * the province where the country spans zones), else the number (NANP area code, else a
 * single-zone country), else `defaultTimeZone`.
 */
export function resolveTimeZone(hints: TimeZoneHints, defaultTimeZone: string): ResolvedTimeZone {
  const fromAddress = timeZoneFromAddress(hints.countryCode, hints.province)
  if (fromAddress) {
    return { timeZone: fromAddress, source: "address" }
  }
  const fromPhone = hints.phoneE164 ? timeZoneFromPhone(hints.phoneE164) : undefined
  if (fromPhone) {
    return { timeZone: fromPhone, source: "phone" }
  }
  return { timeZone: defaultTimeZone, source: "default" }
}

/**
 * The zone of a single-zone country, or of a known province of a multi-zone one; `undefined`
 * when the address cannot tell (no country, or a multi-zone country without a known province).
 */
export function timeZoneFromAddress(
  countryCode: string | null | undefined,
  province: string | null | undefined
): string | undefined {
  const country = countryCode?.trim().toUpperCase()
  if (!country) {
    return undefined
  }
  const provinces = PROVINCE_ZONES.get(country)
  if (!provinces) {
    return COUNTRY_ZONES.get(country)
  }
  return province ? provinces.get(provinceKey(province, country)) : undefined
}

/**
 * The zone of a NANP geographic area code (US, Canada, US territories), else of the number's
 * country when that country has a single zone; `undefined` otherwise (toll-free numbers,
 * multi-zone countries, unparsable input).
 */
export function timeZoneFromPhone(phoneE164: string): string | undefined {
  const phone = phoneE164.trim()
  const areaCode = NANP_NUMBER.exec(phone)?.[1]
  const fromAreaCode = areaCode ? NANP_AREA_CODE_TIME_ZONES.get(areaCode) : undefined
  if (fromAreaCode) {
    return fromAreaCode
  }
  const country = parsePhoneNumberFromString(phone)?.country
  return country ? COUNTRY_ZONES.get(country) : undefined
}

/** Whether the runtime (ICU) knows `timeZone`, e.g. to validate the `defaultTimezone` option. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone })
    return true
  } catch {
    return false
  }
}

/**
 * `"US-CA"`, `"us-ca"`, `"CA"`, `"California"`, `" california "` and `"Québec"` / `"Quebec"`
 * must meet: accents, case and punctuation go, and an ISO 3166-2 country prefix is dropped.
 */
function provinceKey(value: string, country?: string): string {
  const key = value
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
  const prefix = country ? `${country.toLowerCase()} ` : undefined
  if (prefix && key.startsWith(prefix)) {
    return key.slice(prefix.length)
  }
  return key
}
