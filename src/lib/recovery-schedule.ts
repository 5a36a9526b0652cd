import { retryDelayMs } from "./backoff"
import { outOfStepsStatus, type RecoveryStatus } from "./recovery-status"
import { assignedVariant } from "./variants"

const MINUTE_MS = 60_000

/** A variant's own delay, when it tests timing as well as text; `null` keeps the step's. */
export type ScheduleVariant = { id: string; weight: number; delay_minutes?: number | null }
export type ScheduleStep = {
  position: number
  delay_minutes: number
  variants: readonly ScheduleVariant[]
}
/** What a recovery's timing depends on in its campaign. */
export type ScheduleCampaign = { abandon_after_minutes: number; steps?: readonly ScheduleStep[] }

/** When an idle cart counts as abandoned: its last activity plus the campaign's idle time. */
export function abandonedAt(lastActivityAt: Date, campaign: ScheduleCampaign | null): Date {
  return new Date(lastActivityAt.getTime() + (campaign?.abandon_after_minutes ?? 0) * MINUTE_MS)
}

/**
 * Minutes after abandonment a step waits for this cart: the delay of the variant the cart is
 * assigned at that step, or the step's own when that variant has none (or none can be picked).
 */
export function stepDelayMinutes(step: ScheduleStep, cartId: string): number {
  if (!step.variants.some((variant) => variant.weight > 0)) {
    return step.delay_minutes
  }
  return assignedVariant(step, cartId).delay_minutes ?? step.delay_minutes
}

/**
 * When a step falls due for a cart: the abandonment plus the delay of the cart's variant. Every
 * delay counts from the abandonment, never from the previous text, and a step is never due
 * before an earlier step of the same cart: saved campaigns keep every arm of a step before every
 * arm of the next, and this holds the order even for a campaign edited mid-episode. (After a
 * send the next step is also never scheduled before that send.)
 */
export function stepDueAt(
  abandoned: Date,
  campaign: ScheduleCampaign | null,
  step: ScheduleStep | null,
  cartId: string
): Date {
  if (!step) {
    return abandoned
  }
  const earlier = (campaign?.steps ?? []).filter((candidate) => candidate.position < step.position)
  const delay = Math.max(
    stepDelayMinutes(step, cartId),
    ...earlier.map((candidate) => stepDelayMinutes(candidate, cartId))
  )
  return new Date(abandoned.getTime() + delay * MINUTE_MS)
}

/** A recovery's abandonment and the due time of one of its steps, for its cart. */
export function scheduleOf(
  lastActivityAt: Date,
  campaign: ScheduleCampaign | null,
  step: ScheduleStep | null,
  cartId: string
): { abandonedAt: Date; dueAt: Date } {
  const abandoned = abandonedAt(lastActivityAt, campaign)
  return { abandonedAt: abandoned, dueAt: stepDueAt(abandoned, campaign, step, cartId) }
}

/** A step's timing as a campaign update gives it. */
export type StepTiming = {
  delay_minutes: number
  variants: readonly { delay_minutes?: number | null }[]
}

/** A field at fault, as a path into the list of steps (`[1, "variants", 0, "delay_minutes"]`). */
export type TimingProblem = { path: (string | number)[]; message: string }

/** The delays a step may be sent at: each variant's, or the step's for a variant without one. */
export function armDelays(step: StepTiming): number[] {
  return step.variants.map((variant) => variant.delay_minutes ?? step.delay_minutes)
}

/**
 * Steps stay in order for every cart: each step's delay is greater than the previous step's,
 * and every arm of a step comes after every arm of the previous one, so a cart never gets a
 * later step's text before an earlier one's, whichever variants it was assigned.
 */
export function stepTimingProblems(steps: readonly StepTiming[]): TimingProblem[] {
  return steps.flatMap((step, index): TimingProblem[] => {
    const previous = steps[index - 1]
    if (!previous) {
      return []
    }
    if (step.delay_minutes <= previous.delay_minutes) {
      return [
        {
          path: [index, "delay_minutes"],
          message: `must be greater than the previous step's delay (${previous.delay_minutes})`,
        },
      ]
    }
    const latest = Math.max(...armDelays(previous))
    const tooEarly = `must be greater than the previous step's longest variant delay (${latest})`
    const ownDelays = step.variants.flatMap((variant, variantIndex): TimingProblem[] =>
      variant.delay_minutes !== null && variant.delay_minutes !== undefined && variant.delay_minutes <= latest
        ? [{ path: [index, "variants", variantIndex, "delay_minutes"], message: tooEarly }]
        : []
    )
    const inheritsStepDelay = step.variants.some(
      (variant) => variant.delay_minutes === null || variant.delay_minutes === undefined
    )
    const stepDelay: TimingProblem[] =
      inheritsStepDelay && step.delay_minutes <= latest
        ? [{ path: [index, "delay_minutes"], message: tooEarly }]
        : []
    return [...stepDelay, ...ownDelays]
  })
}

/** Where a recovery goes after a step: on to a later step, due at a time, or ended. */
export type Advance =
  | { status: RecoveryStatus; nextStep: number; dueAt: Date }
  | { status: "exhausted" | "expired"; nextStep: number; dueAt: null }

/**
 * Moves a recovery past its step at `position`, sent or not: to the next step, due for the
 * cart's assigned variant but never before now (so never before this step's send), and
 * `active` once a reminder went out; after the last step it ends, `exhausted` when a reminder
 * went out, `expired` when none ever did.
 */
export function advanceAfterStep(input: {
  campaign: ScheduleCampaign | null
  position: number
  status: RecoveryStatus
  /** Whether a reminder of this recovery has gone out, this step's included. */
  reminded: boolean
  abandonedAt: Date
  cartId: string
  now: Date
}): Advance {
  const { campaign, position, reminded, now } = input
  const next = campaign?.steps?.find((candidate) => candidate.position > position)
  if (!next) {
    return { status: outOfStepsStatus(reminded), nextStep: position + 1, dueAt: null }
  }
  const dueAt = stepDueAt(input.abandonedAt, campaign, next, input.cartId)
  return {
    status: reminded ? "active" : input.status,
    nextStep: next.position,
    dueAt: dueAt > now ? dueAt : now,
  }
}

/** A failed send waits at least a minute, then backs off with jitter up to half an hour. */
const RETRY_POLICY = { baseMs: MINUTE_MS, capMs: 30 * MINUTE_MS }

/**
 * When a step whose send failed (a provider outage) is tried again, after `attempts` failures
 * so far: never sooner than a minute, spread at random so many failed sends do not retry in
 * lockstep. The step's expiry still bounds it.
 */
export function retryAt(now: Date, attempts: number, random: () => number = Math.random): Date {
  return new Date(now.getTime() + RETRY_POLICY.baseMs + retryDelayMs(attempts, RETRY_POLICY, random))
}

/**
 * When a text put off because its number's consent lock was held (an opt-out being applied,
 * another send to the number, or a dead worker's lease running out) is tried again: in 5 to
 * 30 seconds, spread at random so the texts put off together do not all come back at once.
 */
export function busyRetryAt(now: Date, random: () => number = Math.random): Date {
  return new Date(now.getTime() + 5_000 + Math.floor(random() * 25_000))
}
