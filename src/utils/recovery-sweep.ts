import { hostname } from "node:os"
import { randomUUID } from "node:crypto"
import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { retryDelayMs } from "../lib/backoff"
import { SMS_RECOVERY_MODULE } from "../modules/sms_recovery"
import type SmsRecoveryModuleService from "../modules/sms_recovery/service"
import type { ClaimedRecovery, RecoveryChanges } from "../modules/sms_recovery/types"
import { sendRecoveryReminderWorkflow } from "../workflows/send-recovery-reminder"
import type { ReminderContext } from "../workflows/utils/reminder-types"
import { settleUnconfirmedSends, type SettledSends } from "./settle-unconfirmed-sends"
import { advancePastStep } from "../workflows/utils/schedule"

export type RecoverySweepOptions = {
  /** The time to sweep by; defaults to now (tests and the demo move it forward). */
  now?: Date
  /** Recoveries claimed per page. */
  pageSize?: number
  /** Reminders worked on at once within a page. */
  concurrency?: number
  /** Pages per run at most, so one run never monopolises a worker. */
  maxPages?: number
  /** How long a claim holds before a crashed worker's recoveries may be retaken. */
  leaseSeconds?: number
  workerId?: string
}

export type RecoverySweepSummary = {
  claimed: number
  /** Count per outcome: sent, withheld, defer, park, skip_step, end, leave, failed, vetoed. */
  outcomes: Record<string, number>
  pages: number
  /** Texts recorded as sent without a batch id (by earlier versions), settled first. */
  settled: SettledSends
}

const RETRY_POLICY = { baseMs: 60_000, capMs: 30 * 60_000 }

/**
 * One sweep: settles texts earlier versions left without a batch id, then claims due
 * recoveries page by page (atomically, so concurrent sweeps never take the same one) and runs
 * `sendRecoveryReminderWorkflow` for each with bounded concurrency.
 * Memory stays flat however large the backlog: one page at a time.
 */
export async function runRecoverySweep(
  container: MedusaContainer,
  options: RecoverySweepOptions = {}
): Promise<RecoverySweepSummary> {
  const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
  const settled = await settleUnconfirmedSends(container, smsRecovery, logger, options.now ?? new Date())
  const summary: RecoverySweepSummary = { claimed: 0, outcomes: {}, pages: 0, settled }
  const maxPages = options.maxPages ?? 100

  while (summary.pages < maxPages) {
    const now = options.now ?? new Date()
    const claimed = await smsRecovery.claimDueRecoveries({
      workerId,
      now,
      limit: options.pageSize ?? 100,
      leaseSeconds: options.leaseSeconds ?? 300,
    })
    if (!claimed.length) {
      break
    }
    summary.pages++
    summary.claimed += claimed.length
    await forEachConcurrently(claimed, options.concurrency ?? 8, async (recovery) => {
      const outcome = await sendOne(container, smsRecovery, logger, recovery, workerId, now)
      summary.outcomes[outcome] = (summary.outcomes[outcome] ?? 0) + 1
    })
  }
  return summary
}

async function sendOne(
  container: MedusaContainer,
  smsRecovery: SmsRecoveryModuleService,
  logger: Logger,
  recovery: ClaimedRecovery,
  workerId: string,
  now: Date
): Promise<string> {
  const { result, errors } = await sendRecoveryReminderWorkflow(container).run({
    input: { recovery_id: recovery.id, now, worker_id: workerId },
    throwOnError: false,
  })
  const error = errors[0]?.error as (Error & { type?: string }) | undefined
  if (!error) {
    return result.outcome
  }
  if (error.type === MedusaError.Types.NOT_ALLOWED) {
    await skipVetoedStep(smsRecovery, recovery, workerId, now)
    return "vetoed"
  }
  logger.warn(`SMS recovery ${recovery.id} step ${recovery.next_step} failed: ${error.message}`)
  await smsRecovery.releaseRecovery(recovery.id, workerId, retryLater(recovery, now, error))
  return "failed"
}

/** A `validateReminder` handler said no: the step is skipped and the next one scheduled. */
async function skipVetoedStep(
  smsRecovery: SmsRecoveryModuleService,
  recovery: ClaimedRecovery,
  workerId: string,
  now: Date
) {
  const campaign = recovery.campaign_id
    ? await smsRecovery.getCampaignWithSteps(recovery.campaign_id)
    : null
  const lastActivityAt = new Date(recovery.last_activity_at)
  const context: ReminderContext = {
    now,
    recovery: { ...recovery, last_activity_at: lastActivityAt, claimed_by: workerId },
    campaign,
    step: campaign?.steps.find((step) => step.position === recovery.next_step) ?? null,
    cart: null,
    phone: recovery.phone,
    time_zone: "UTC",
    abandoned_at: new Date(lastActivityAt.getTime() + (campaign?.abandon_after_minutes ?? 0) * 60_000),
    due_at: recovery.next_send_at ? new Date(recovery.next_send_at) : now,
    decision: { action: "skip_step", reason: "vetoed" },
  }
  await smsRecovery.releaseRecovery(
    recovery.id,
    workerId,
    advancePastStep(context, { sent: false, reason: "vetoed" })
  )
}

/** A failed send (provider outage) is retried with backoff; the step's expiry bounds it. */
function retryLater(recovery: ClaimedRecovery, now: Date, error: Error): RecoveryChanges {
  const attempts = recovery.send_attempts + 1
  return {
    send_attempts: attempts,
    next_send_at: new Date(now.getTime() + RETRY_POLICY.baseMs + retryDelayMs(attempts, RETRY_POLICY)),
    reason: `send_failed: ${error.message.slice(0, 200)}`,
  }
}

async function forEachConcurrently<T>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<void>
): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      await work(items[next++])
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker))
}
