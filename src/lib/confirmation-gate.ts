/** A double opt-in text goes to a number at most once in this long. */
export const CONFIRMATION_INTERVAL_MS = 24 * 60 * 60 * 1000

/** How far back the store-wide ceilings count confirmation texts. */
export const CONFIRMATION_CEILING_WINDOW_MS = 60 * 60 * 1000

export type ConfirmationCeilings = {
  /** Confirmation texts the store sends in any hour, to all countries together. */
  perHour: number
  /** Confirmation texts the store sends in any hour to the numbers of one country. */
  perCountryPerHour: number
}

/** What is known when a number is about to be asked to confirm. */
export type ConfirmationFacts = {
  /** The number's country (ISO 3166-1 alpha-2), or null when its numbering plan does not tell. */
  country: string | null
  /** The countries confirmation texts may go to. */
  servedCountries: readonly string[]
  /** When this number was last sent a confirmation text, if ever. */
  lastSentAt: Date | null
  /** Confirmation texts sent in the last hour, store-wide and to the number's country. */
  sentLastHour: number
  sentLastHourToCountry: number
  ceilings: ConfirmationCeilings
  now: Date
}

/**
 * Why a confirmation text is not sent:
 * - `country_not_served`: the number is not of a country the store sells to (texts to far-off
 *   premium ranges are how SMS pumping earns);
 * - `recently_sent`: the number was asked within the last 24 hours;
 * - `hourly_ceiling`, `country_ceiling`: the store-wide ceiling of the hour is reached, a
 *   circuit breaker against a script opting in numbers faster than the per-IP limits see.
 */
export type ConfirmationWithheld = "country_not_served" | "recently_sent" | "hourly_ceiling" | "country_ceiling"

export type ConfirmationDecision = { send: true } | { send: false; reason: ConfirmationWithheld }

/** Whether a double opt-in text may go to a number now; the checks run in the order above. */
export function decideConfirmationText(facts: ConfirmationFacts): ConfirmationDecision {
  const country = facts.country?.toUpperCase()
  if (!country || !facts.servedCountries.some((served) => served.toUpperCase() === country)) {
    return { send: false, reason: "country_not_served" }
  }
  if (facts.lastSentAt && facts.now.getTime() - facts.lastSentAt.getTime() < CONFIRMATION_INTERVAL_MS) {
    return { send: false, reason: "recently_sent" }
  }
  if (facts.sentLastHour >= facts.ceilings.perHour) {
    return { send: false, reason: "hourly_ceiling" }
  }
  if (facts.sentLastHourToCountry >= facts.ceilings.perCountryPerHour) {
    return { send: false, reason: "country_ceiling" }
  }
  return { send: true }
}

/**
 * The idempotency key of the admin alert for a reached ceiling: one per ceiling (per country
 * for the country ceiling) and clock hour, so a flood of refused opt-ins raises one alert.
 */
export function ceilingAlertKey(
  reason: "hourly_ceiling" | "country_ceiling",
  country: string | null,
  now: Date
): string {
  const hour = now.toISOString().slice(0, 13)
  const scope = reason === "country_ceiling" ? `country:${country?.toUpperCase() ?? "unknown"}` : "store"
  return `sms-recovery:confirmation-ceiling:${scope}:${hour}`
}
