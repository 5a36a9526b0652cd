import { advanceAfterStep } from "../../lib/recovery-schedule"
import type { RecoveryChanges } from "../../modules/sms_recovery/types"
import type { ReminderContext } from "./reminder-types"

/**
 * The recovery changes that move it past its current step, sent or not (`advanceAfterStep`):
 * on to the next step's due time, or ended after the last one.
 */
export function advancePastStep(
  context: ReminderContext,
  outcome: { sent: boolean; reason?: string | null }
): RecoveryChanges {
  const { campaign, step, recovery, now } = context
  const advance = advanceAfterStep({
    campaign,
    position: step?.position ?? recovery.next_step,
    status: recovery.status,
    reminded: outcome.sent || recovery.status === "active",
    abandonedAt: context.abandoned_at,
    cartId: recovery.cart_id,
    now,
  })
  return {
    phone: context.phone,
    send_attempts: 0,
    reason: outcome.reason ?? null,
    status: advance.status,
    next_step: advance.nextStep,
    next_send_at: advance.dueAt,
    ...(advance.dueAt ? {} : { ended_at: now }),
  }
}
