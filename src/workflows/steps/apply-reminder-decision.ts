import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"
import type { RecoveryChanges } from "../../modules/sms_recovery/types"
import { advancePastStep } from "../utils/schedule"
import { reviveReminderContext, type ReminderContext } from "../utils/reminder-types"

export const applyReminderDecisionStepId = "apply-reminder-decision"

/**
 * Records why a due step was not sent, and what happens instead: later (deferred), when the
 * shopper comes back (parked), the next step (skipped), or never (ended). A recovery that is
 * no longer this run's (`leave`) is not touched.
 */
export const applyReminderDecisionStep = createStep(
  applyReminderDecisionStepId,
  async (input: ReminderContext, { container }) => {
    const context = reviveReminderContext(input)
    if (context.decision.action === "leave") {
      return new StepResponse({ applied: false, changes: {} })
    }
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const changes = changesFor(context)
    const applied = await smsRecovery.releaseRecovery(
      context.recovery.id,
      context.recovery.claimed_by,
      changes
    )
    return new StepResponse({ applied, changes })
  }
)

function changesFor(context: ReminderContext): RecoveryChanges {
  const { decision, now, phone } = context
  switch (decision.action) {
    case "defer":
      return { phone, next_send_at: decision.until, reason: decision.reason, send_attempts: 0 }
    case "park":
      return { phone, next_send_at: null, reason: decision.reason, send_attempts: 0 }
    case "skip_step":
      return advancePastStep(context, { sent: false, reason: decision.reason })
    case "end":
      return { phone, status: decision.status, reason: decision.reason, next_send_at: null, ended_at: now }
    case "send":
    case "leave":
      return {}
  }
}
