import { hostname } from "node:os"
import { randomUUID } from "node:crypto"
import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { SMS_RECOVERY_MODULE } from "../modules/sms_recovery"
import type SmsRecoveryModuleService from "../modules/sms_recovery/service"
import type { ClaimedRecovery } from "../modules/sms_recovery/types"
import { sendRecoveryRemindersWorkflow } from "../workflows/send-recovery-reminders"
import { failedSendChanges } from "../workflows/utils/reminder-page"
import { settleUnconfirmedSends, type SettledSends } from "./settle-unconfirmed-sends"

export type RecoverySweepOptions = {
  /** The time to sweep by; defaults to now (tests and the demo move it forward). */
  now?: Date
  /** Recoveries claimed per page; one workflow run serves a page. */
  pageSize?: number
  /** Texts handed to the provider at once within a page. */
  concurrency?: number
  /** Pages per run at most, so one run never monopolises a worker. */
  maxPages?: number
  /** How long a claim holds before a crashed worker's recoveries may be retaken. */
  leaseSeconds?: number
  workerId?: string
}

export type RecoverySweepSummary = {
  claimed: number
  /** Count per outcome: sent, held_out, withheld, failed, vetoed, skipped, defer, park, skip_step, end, advance, leave. */
  outcomes: Record<string, number>
  pages: number
  /** Texts recorded as sent without a batch id (by earlier versions), settled first. */
  settled: SettledSends
}

/**
 * One sweep: settles texts earlier versions left without a batch id, then claims due
 * recoveries page by page (atomically, so concurrent sweeps never take the same one) and runs
 * `sendRecoveryRemindersWorkflow` once per page. Memory stays flat however large the backlog:
 * one page at a time.
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
    for (const outcome of await sendPage(container, smsRecovery, logger, claimed, workerId, now, options)) {
      summary.outcomes[outcome] = (summary.outcomes[outcome] ?? 0) + 1
    }
  }
  return summary
}

async function sendPage(
  container: MedusaContainer,
  smsRecovery: SmsRecoveryModuleService,
  logger: Logger,
  claimed: ClaimedRecovery[],
  workerId: string,
  now: Date,
  options: RecoverySweepOptions
): Promise<string[]> {
  const { result, errors } = await sendRecoveryRemindersWorkflow(container).run({
    input: {
      recovery_ids: claimed.map((recovery) => recovery.id),
      now,
      worker_id: workerId,
      send_concurrency: options.concurrency,
    },
    throwOnError: false,
  })
  const error = errors[0]?.error as Error | undefined
  if (!error) {
    return result.map((outcome) => outcome.outcome)
  }
  // The page as a whole failed before any reminder was decided (the database, a hook that
  // threw): every recovery is tried again later, a text whose send may have gone out included,
  // since its message is kept and its retry looks it up first.
  logger.warn(`SMS recovery page of ${claimed.length} failed: ${error.message}`)
  await smsRecovery.releaseRecoveries(
    claimed.map((recovery) => ({
      id: recovery.id,
      claimed_by: workerId,
      changes: failedSendChanges(recovery.send_attempts, now, error.message),
    }))
  )
  return claimed.map(() => "failed")
}
