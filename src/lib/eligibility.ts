import { nextAllowedSendTime } from "./quiet-hours"
import { isOpen, outOfStepsStatus, type RecoveryStatus } from "./recovery-status"

const HOUR_MS = 3_600_000

/** Everything the send-time checks look at, gathered before they run. */
export type ReminderFacts = {
  now: Date
  /** The recovery's status as read now (another worker may have moved it on meanwhile). */
  recoveryStatus: string
  /** False when the run belongs to a sweep worker whose claim expired and was retaken. */
  claimHeld: boolean
  campaign: {
    enabled: boolean
    active_since: Date | null
    max_per_phone_per_24h: number
    quiet_hours_start: string
    quiet_hours_end: string
    /** In the cart's currency, major units. */
    min_cart_total: number | null
  } | null
  step: {
    position: number
    channel: string
    expires_after_hours: number
  } | null
  /** When the step fell due. */
  dueAt: Date
  /** When the cart counted as abandoned (last activity + the campaign's idle time). */
  abandonedAt: Date
  lastActivityAt: Date
  cart: {
    completed: boolean
    itemCount: number
    /** Major units of the cart's currency. */
    total: number
    email: string | null
  } | null
  /** The number the text would go to, when the cart has a valid one. */
  phone: { e164: string; country: string | undefined } | null
  consentStatus: "opted_in" | "pending" | "opted_out" | "none"
  /** SMS reminders this recovery has already sent. */
  smsSentThisRecovery: number
  /**
   * Whether the due step's own text already went out: a worker sent it and lost its claim
   * (its page outlived the lease) before it could move the recovery on.
   */
  stepAlreadySent: boolean
  /** When texts went to this phone in the last 24 hours, oldest first. */
  sentToPhoneLast24h: Date[]
  orderedSinceAbandonment: boolean
  /**
   * The episode starts now, campaigns are enabled, and none targets this cart (or the cart is
   * gone): `campaign` is then null.
   */
  noCampaignMatches: boolean
  /** The recipient's time zone for quiet hours. */
  timeZone: string
}

/** The statuses a decision may end a recovery in. */
export type EndStatus = Extract<RecoveryStatus, "completed" | "expired" | "exhausted" | "opted_out">

/**
 * What to do with a due step. `park` waits for the shopper (a cart event or a consent
 * resumes it); `defer` retries at a given time; `skip_step` moves on to the next step;
 * `advance` moves on past a step whose text already went out; `leave` touches nothing,
 * because the recovery is no longer this run's to work on.
 */
export type ReminderDecision =
  | { action: "send" }
  | { action: "advance"; reason: "step_already_sent" }
  | { action: "leave"; reason: "claim_lost" | "recovery_closed" }
  | { action: "defer"; until: Date; reason: string }
  | { action: "skip_step"; reason: string }
  | { action: "park"; reason: string }
  | { action: "end"; status: EndStatus; reason: string }

type Check = (facts: ReminderFacts) => ReminderDecision | null

const end = (status: EndStatus, reason: string): ReminderDecision => ({
  action: "end",
  status,
  reason,
})

const isSms = (facts: ReminderFacts) => facts.step?.channel === "sms"

function stepExpiresAt(facts: ReminderFacts): Date {
  return new Date(facts.dueAt.getTime() + (facts.step?.expires_after_hours ?? 0) * HOUR_MS)
}

/** US carriers allow one cart-reminder text per abandonment, within 48 hours of it. */
function usWindowClosesAt(facts: ReminderFacts): Date | null {
  if (!isSms(facts) || facts.phone?.country !== "US") {
    return null
  }
  return new Date(facts.abandonedAt.getTime() + 48 * HOUR_MS)
}

/** The latest moment this step may still be sent. */
function lastSendMoment(facts: ReminderFacts): Date {
  const expiry = stepExpiresAt(facts)
  const usWindow = usWindowClosesAt(facts)
  return usWindow && usWindow < expiry ? usWindow : expiry
}

/** Defers to `until`, unless that is past the step's last moment: then the step is skipped. */
function deferOrSkip(facts: ReminderFacts, until: Date, reason: string): ReminderDecision {
  if (until > lastSendMoment(facts)) {
    return { action: "skip_step", reason }
  }
  return { action: "defer", until, reason }
}

/**
 * A sweep worker that stalled past its lease finds its claim retaken: what it had queued is
 * another worker's now, and may already have been sent and moved on to the next step.
 */
export const claimStillHeld: Check = (facts) =>
  facts.claimHeld ? null : { action: "leave", reason: "claim_lost" }

export const recoveryOpen: Check = (facts) =>
  isOpen(facts.recoveryStatus) ? null : { action: "leave", reason: "recovery_closed" }

/**
 * A step whose text went out is finished, whatever else has changed since: it is recorded as
 * sent and the recovery moves on, rather than being judged again as if nothing had been sent.
 */
export const stepNotYetSent: Check = (facts) =>
  facts.stepAlreadySent ? { action: "advance", reason: "step_already_sent" } : null

export const campaignEnabled: Check = (facts) =>
  facts.campaign?.enabled ? null : end("expired", "campaign_disabled")

export const cartExists: Check = (facts) => (facts.cart ? null : end("expired", "cart_not_found"))

export const cartNotCompleted: Check = (facts) =>
  facts.cart?.completed ? end("completed", "cart_completed") : null

export const noOrderSinceAbandonment: Check = (facts) =>
  facts.orderedSinceAbandonment ? end("completed", "ordered_since_abandonment") : null

/**
 * A cart that no enabled campaign targets is not texted. It waits for a change to the cart (a
 * cart event schedules it again, and may let a campaign match), unless the cart is gone or
 * bought, which ends it as it would any recovery.
 */
export const campaignMatches: Check = (facts) => {
  if (!facts.noCampaignMatches) {
    return null
  }
  return cartExists(facts) ?? cartNotCompleted(facts) ?? noOrderSinceAbandonment(facts) ?? {
    action: "park",
    reason: "no_matching_campaign",
  }
}

/** Carts already idle when the campaign was switched on are never texted. */
export const idleSinceActivation: Check = (facts) => {
  const activeSince = facts.campaign?.active_since
  if (!activeSince || facts.lastActivityAt >= activeSince) {
    return null
  }
  return end("expired", "idle_before_campaign")
}

/** A step edited out of the campaign ends the recovery as running out of steps does. */
export const stepExists: Check = (facts) =>
  facts.step ? null : end(outOfStepsStatus(facts.recoveryStatus === "active"), "no_more_steps")

/**
 * Never early: a run that reads the recovery after the shopper came back, or after another
 * worker sent this step and scheduled the next, waits for the step's time.
 */
export const stepIsDue: Check = (facts) =>
  facts.now < facts.dueAt ? { action: "defer", until: facts.dueAt, reason: "not_due" } : null

export const stepNotExpired: Check = (facts) =>
  facts.now > lastSendMoment(facts) ? { action: "skip_step", reason: "step_expired" } : null

export const hasItems: Check = (facts) =>
  (facts.cart?.itemCount ?? 0) > 0 ? null : { action: "park", reason: "no_items" }

export const meetsMinimumTotal: Check = (facts) => {
  const minimum = facts.campaign?.min_cart_total
  if (minimum === null || minimum === undefined || (facts.cart?.total ?? 0) >= minimum) {
    return null
  }
  return { action: "park", reason: "below_minimum_total" }
}

export const hasEmail: Check = (facts) =>
  facts.step?.channel !== "email" || facts.cart?.email ? null : { action: "park", reason: "no_email" }

export const hasPhone: Check = (facts) =>
  !isSms(facts) || facts.phone ? null : { action: "park", reason: "no_phone" }

export const hasConsent: Check = (facts) => {
  if (!isSms(facts) || facts.consentStatus === "opted_in") {
    return null
  }
  if (facts.consentStatus === "opted_out") {
    return end("opted_out", "opted_out")
  }
  return { action: "park", reason: "no_consent" }
}

export const usOneTextRule: Check = (facts) => {
  if (!usWindowClosesAt(facts)) {
    return null
  }
  return facts.smsSentThisRecovery > 0 ? { action: "skip_step", reason: "us_one_text_rule" } : null
}

export const withinFrequencyCap: Check = (facts) => {
  if (!isSms(facts) || !facts.campaign) {
    return null
  }
  const cap = facts.campaign.max_per_phone_per_24h
  const sent = facts.sentToPhoneLast24h
  if (sent.length < cap) {
    return null
  }
  // The window has room again once enough of the oldest texts are more than 24 h old.
  const freesUpAt = new Date(sent[sent.length - cap].getTime() + 24 * HOUR_MS)
  return deferOrSkip(facts, freesUpAt, "frequency_cap")
}

export const outsideQuietHours: Check = (facts) => {
  if (!isSms(facts) || !facts.campaign) {
    return null
  }
  const allowedAt = nextAllowedSendTime(facts.now, facts.timeZone, {
    start: facts.campaign.quiet_hours_start,
    end: facts.campaign.quiet_hours_end,
  })
  return allowedAt > facts.now ? deferOrSkip(facts, allowedAt, "quiet_hours") : null
}

/** In order: the first check that objects decides. */
export const REMINDER_CHECKS: readonly Check[] = [
  claimStillHeld,
  recoveryOpen,
  stepNotYetSent,
  campaignMatches,
  campaignEnabled,
  cartExists,
  cartNotCompleted,
  noOrderSinceAbandonment,
  idleSinceActivation,
  stepExists,
  stepIsDue,
  stepNotExpired,
  hasItems,
  meetsMinimumTotal,
  hasEmail,
  hasPhone,
  hasConsent,
  usOneTextRule,
  withinFrequencyCap,
  outsideQuietHours,
]

/** Whether a due step may be sent now, and if not, what happens to it instead. */
export function evaluateReminder(
  facts: ReminderFacts,
  checks: readonly Check[] = REMINDER_CHECKS
): ReminderDecision {
  for (const check of checks) {
    const decision = check(facts)
    if (decision) {
      return decision
    }
  }
  return { action: "send" }
}
