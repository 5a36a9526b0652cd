import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"
import { reminderIdempotencyKey } from "../utils/reminder-key"
import { reviveReminderContext, type ReminderContext } from "../utils/reminder-types"

/** What a `customStep` hook handler reports back. */
export type CustomStepOutcome = {
  /** `sent`: the step did its work; `skipped`: it chose not to. */
  status: "sent" | "skipped"
  /** Where it went (an address, a chat id), recorded on the message. */
  to?: string
  /** A note kept with the message, e.g. the external id or why it was skipped. */
  detail?: string
}

export type RecordCustomStepOutcomeStepInput = {
  context: ReminderContext
  outcome: CustomStepOutcome | undefined
}

export const recordCustomStepOutcomeStepId = "record-custom-step-outcome"

/**
 * Records what a developer's custom step kind did as a message of that channel, so it shows
 * in the timeline and stats like any reminder. Compensation removes it.
 */
export const recordCustomStepOutcomeStep = createStep(
  recordCustomStepOutcomeStepId,
  async (input: RecordCustomStepOutcomeStepInput, { container }) => {
    const context = reviveReminderContext(input.context)
    const step = context.step!
    const outcome = input.outcome ?? { status: "skipped", detail: "no customStep handler" }
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const { message, created } = await smsRecovery.recordMessageOnce({
      recovery_id: context.recovery.id,
      step_id: step.id,
      step_position: step.position,
      variant_id: null,
      channel: step.channel,
      idempotency_key: reminderIdempotencyKey(context.recovery.id, step.position),
      to: outcome.to ?? "",
      body: outcome.detail ?? null,
      encoding: null,
      segments: null,
      link_code: null,
      link_expires_at: null,
      promotion_id: null,
      discount_code: null,
    })
    const status = outcome.status === "sent" ? "sent" : "failed"
    await smsRecovery.updateMessages([
      {
        id: message.id,
        status,
        sent_at: outcome.status === "sent" ? context.now : null,
        error_code: outcome.status === "sent" ? null : "skipped",
      },
    ])
    return new StepResponse({ sent: outcome.status === "sent" }, created ? message.id : null)
  },
  async (messageId, { container }) => {
    if (!messageId) {
      return
    }
    await container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE).deleteMessages([messageId])
  }
)
