import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { messageMayHaveGoneOut } from "../../lib/message-state"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"
import type { MessageRow } from "../../modules/sms_recovery/types"
import { advancePastStep } from "../utils/schedule"
import { reviveReminderContext, type ReminderContext } from "../utils/reminder-types"

export type WithdrawReminderStepInput = {
  context: ReminderContext
  message: MessageRow
  blocked_reason: string | null
}

export const withdrawReminderStepId = "withdraw-reminder"

/**
 * Undoes a reminder that was prepared but could not be sent (the shopper opted out while it
 * was being prepared, or no provider serves its channel): the unsent message and its code are
 * removed, and the recovery ends (opt-out) or moves past the step.
 */
export const withdrawReminderStep = createStep(
  withdrawReminderStepId,
  async (input: WithdrawReminderStepInput, { container }) => {
    const { message } = input
    const context = reviveReminderContext(input.context)
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const reason = input.blocked_reason ?? "not_sent"
    // A message an earlier attempt may have sent keeps its link and code.
    if (!messageMayHaveGoneOut(message)) {
      await smsRecovery.deleteMessages([message.id])
      if (message.promotion_id) {
        await container.resolve(Modules.PROMOTION).deletePromotions([message.promotion_id])
      }
    }
    const changes =
      reason === "opted_out"
        ? { status: "opted_out", reason, next_send_at: null, ended_at: context.now }
        : reason === "no_consent"
          ? { reason, next_send_at: null }
          : advancePastStep(context, { sent: false, reason })
    await smsRecovery.releaseRecovery(context.recovery.id, context.recovery.claimed_by, changes)
    return new StepResponse({ reason })
  }
)
