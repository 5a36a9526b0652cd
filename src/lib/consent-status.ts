export type ConsentStatus = "pending" | "opted_in" | "opted_out"

/**
 * Whether a number must confirm by replying YES before it is texted. A number whose
 * country the numbering plan cannot tell is treated as needing it: the cautious default.
 */
export function requiresDoubleOptIn(
  country: string | null | undefined,
  doubleOptInCountries: readonly string[]
): boolean {
  if (!country) {
    return true
  }
  const upper = country.toUpperCase()
  return doubleOptInCountries.some((listed) => listed.toUpperCase() === upper)
}

/**
 * How many reminder texts one abandoned cart can bring a number: one for US numbers (the
 * carrier rule), else the campaign's SMS steps.
 */
export function messagesPerCart(country: string | null | undefined, smsSteps: number): number {
  const steps = Math.max(1, smsSteps)
  return country?.toUpperCase() === "US" ? 1 : steps
}

export type CheckoutConsentDecision = {
  /** The status the consent has after the checkbox. */
  status: ConsentStatus
  /** Whether that differs from the status it had (a new consent always differs). */
  changed: boolean
  /** Whether the number should be asked to confirm by text (still at most once a day). */
  askToConfirm: boolean
}

/**
 * What ticking the consent box at checkout does to a number's consent:
 * - an opted-out number, or one erased and kept as suppression, stays opted out: only a
 *   START or YES from the phone itself re-subscribes it;
 * - an opted-in number stays opted in;
 * - otherwise it becomes `pending` (and is asked to confirm) where double opt-in applies,
 *   else `opted_in` at once.
 */
export function decideCheckoutConsent(input: {
  current: ConsentStatus | null
  suppressed: boolean
  doubleOptIn: boolean
}): CheckoutConsentDecision {
  const { current } = input
  if (current === "opted_out" || (current === null && input.suppressed)) {
    return { status: "opted_out", changed: false, askToConfirm: false }
  }
  if (current === "opted_in") {
    return { status: "opted_in", changed: false, askToConfirm: false }
  }
  if (input.doubleOptIn) {
    return { status: "pending", changed: current !== "pending", askToConfirm: true }
  }
  return { status: "opted_in", changed: true, askToConfirm: false }
}
