import { stepDueAt } from "../../lib/recovery-schedule"
import type { RecoveryChanges } from "../../modules/sms_recovery/types"
import type { ReminderContext } from "./reminder-types"

/**
 * Moves a recovery past its current step, sent or not: to the next step's due time for the
 * cart's assigned variant (never before now, so never before this step's send), or, after the
 * last step, to `exhausted` (a reminder went out) or `expired` (none ever did).
 */
export function advancePastStep(
  context: ReminderContext,
  outcome: { sent: boolean; reason?: string | null }
): RecoveryChanges {
  const { campaign, step, recovery, now } = context
  const remindedBefore = recovery.status === "active"
  const reminded = outcome.sent || remindedBefore
  const currentPosition = step?.position ?? recovery.next_step
  const next = campaign?.steps.find((candidate) => candidate.position > currentPosition)
  const base: RecoveryChanges = {
    phone: context.phone,
    send_attempts: 0,
    reason: outcome.reason ?? null,
  }
  if (!next) {
    return {
      ...base,
      status: reminded ? "exhausted" : "expired",
      next_step: currentPosition + 1,
      next_send_at: null,
      ended_at: now,
    }
  }
  const dueAt = stepDueAt(context.abandoned_at, campaign, next, recovery.cart_id)
  return {
    ...base,
    status: reminded ? "active" : recovery.status,
    next_step: next.position,
    next_send_at: dueAt > now ? dueAt : now,
  }
}
