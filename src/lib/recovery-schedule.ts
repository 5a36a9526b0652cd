import { retryDelayMs } from "./backoff"

const MINUTE_MS = 60_000

/** What a recovery's timing depends on in its campaign. */
export type ScheduleCampaign = { abandon_after_minutes: number }
export type ScheduleStep = { delay_minutes: number }

/** When an idle cart counts as abandoned: its last activity plus the campaign's idle time. */
export function abandonedAt(lastActivityAt: Date, campaign: ScheduleCampaign | null): Date {
  return new Date(lastActivityAt.getTime() + (campaign?.abandon_after_minutes ?? 0) * MINUTE_MS)
}

/** When a step falls due: the abandonment plus the step's delay. */
export function stepDueAt(abandoned: Date, step: ScheduleStep | null): Date {
  return new Date(abandoned.getTime() + (step?.delay_minutes ?? 0) * MINUTE_MS)
}

/** A recovery's abandonment and the due time of one of its steps. */
export function scheduleOf(
  lastActivityAt: Date,
  campaign: ScheduleCampaign | null,
  step: ScheduleStep | null
): { abandonedAt: Date; dueAt: Date } {
  const abandoned = abandonedAt(lastActivityAt, campaign)
  return { abandonedAt: abandoned, dueAt: stepDueAt(abandoned, step) }
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
