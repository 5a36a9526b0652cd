import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { assignedVariant } from "../../lib/variants"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type { HeldOutMessage } from "../../modules/sms_recovery/queries/held-out"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"
import type { MessageRow } from "../../modules/sms_recovery/types"
import { reminderIdempotencyKey } from "../utils/reminder-key"
import { expandPlan, type PlannedReminderPage } from "../utils/reminder-page"
import type { ReminderContext } from "../utils/reminder-types"

export const recordHeldOutMessagesStepId = "record-held-out-messages"

/**
 * Records each step a held-out recovery would have sent now, as a `held_out` message: the
 * number (or address) and the variant it would have gone to, no text, no link, no code, and
 * nothing handed to a provider. One statement for the page, once per idempotency key.
 * Compensation removes the messages this run recorded.
 */
export const recordHeldOutMessagesStep = createStep(
  recordHeldOutMessagesStepId,
  async (input: PlannedReminderPage, { container }) => {
    const contexts = expandPlan(input).held_out
    if (!contexts.length) {
      return new StepResponse<MessageRow[], string[]>([], [])
    }
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const { messages, created } = await smsRecovery.recordHeldOutMessages(contexts.map(heldOut))
    return new StepResponse(messages, created)
  },
  async (createdIds, { container }) => {
    if (!createdIds?.length) {
      return
    }
    await container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE).deleteMessages(createdIds)
  }
)

function heldOut(context: ReminderContext): HeldOutMessage {
  const step = context.step!
  const variant = step.variants.some((candidate) => candidate.weight > 0)
    ? assignedVariant(step, context.recovery.cart_id)
    : null
  return {
    recovery_id: context.recovery.id,
    step_id: step.id,
    step_position: step.position,
    variant_id: variant?.id ?? null,
    channel: step.channel,
    idempotency_key: reminderIdempotencyKey(context.recovery.id, step.position),
    to: (step.channel === "email" ? context.cart?.email : context.phone) ?? "",
    held_out_at: context.now,
  }
}
