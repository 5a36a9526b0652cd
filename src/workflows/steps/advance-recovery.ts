import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"
import { advancePastStep } from "../utils/schedule"
import { reviveReminderContext, type ReminderContext } from "../utils/reminder-types"

export type AdvanceRecoveryStepInput = {
  context: ReminderContext
  /** Whether the step's reminder went out (a custom step may report it skipped). */
  sent: boolean
  reason?: string | null
}

export const advanceRecoveryStepId = "advance-recovery"

/**
 * Schedules the recovery's next step after the current one, or ends the recovery after the
 * last. Compensation puts the recovery back as it was, so the step is due again.
 */
export const advanceRecoveryStep = createStep(
  advanceRecoveryStepId,
  async (input: AdvanceRecoveryStepInput, { container }) => {
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const context = reviveReminderContext(input.context)
    const changes = advancePastStep(context, { sent: input.sent, reason: input.reason })
    const applied = await smsRecovery.releaseRecovery(
      context.recovery.id,
      context.recovery.claimed_by,
      changes
    )
    return new StepResponse({ applied, changes }, applied ? context : null)
  },
  async (context, { container }) => {
    if (!context) {
      return
    }
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    await smsRecovery.updateRecoveries([
      {
        id: context.recovery.id,
        status: context.recovery.status as "tracking",
        next_step: context.recovery.next_step,
        next_send_at: context.due_at,
        ended_at: null,
      },
    ])
  }
)
