import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"
import { reminderIdempotencyKey } from "../utils/reminder-key"
import { expandPlan, type CustomStepRecord, type PlannedReminderPage } from "../utils/reminder-page"

/** What a `customSteps` hook handler reports back for one reminder. */
export type CustomStepOutcome = {
  /** `sent`: the step did its work; `skipped`: it chose not to. */
  status: "sent" | "skipped"
  /** Where it went (an address, a chat id), recorded on the message. */
  to?: string
  /** A note kept with the message, e.g. the external id or why it was skipped. */
  detail?: string
}

export type RecordCustomStepOutcomesStepInput = {
  /** The page; its reminders of custom step kinds are recorded. */
  plan: PlannedReminderPage
  /** The hook's outcomes by recovery id; a reminder without one counts as skipped. */
  outcomes: Record<string, CustomStepOutcome> | undefined
}

export const recordCustomStepOutcomesStepId = "record-custom-step-outcomes"

/**
 * Records what a developer's custom step kind did, one message of that channel per reminder,
 * so it shows in the timeline and stats like any reminder. Compensation removes them.
 */
export const recordCustomStepOutcomesStep = createStep(
  recordCustomStepOutcomesStepId,
  async (input: RecordCustomStepOutcomesStepInput, { container }) => {
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const contexts = expandPlan(input.plan).custom
    const outcomes = contexts.map(
      (context) => input.outcomes?.[context.recovery.id] ?? { status: "skipped" as const, detail: "no customSteps handler" }
    )
    const { messages, created } = await smsRecovery.recordMessagesOnce(
      contexts.map((context, index) => {
        const step = context.step!
        return {
          recovery_id: context.recovery.id,
          step_id: step.id,
          step_position: step.position,
          variant_id: null,
          channel: step.channel,
          idempotency_key: reminderIdempotencyKey(context.recovery.id, step.position),
          to: outcomes[index].to ?? "",
          body: outcomes[index].detail ?? null,
          encoding: null,
          segments: null,
          link_code: null,
          link_expires_at: null,
          promotion_id: null,
          discount_code: null,
        }
      })
    )
    await smsRecovery.updateMessages(
      messages.map((message, index) => {
        const sent = outcomes[index].status === "sent"
        return {
          id: message.id,
          status: sent ? ("sent" as const) : ("failed" as const),
          sent_at: sent ? contexts[index].now : null,
          error_code: sent ? null : "skipped",
        }
      })
    )
    const records: CustomStepRecord[] = messages.map((message, index) => ({
      recovery_id: contexts[index].recovery.id,
      message_id: message.id,
      sent: outcomes[index].status === "sent",
    }))
    return new StepResponse(records, created)
  },
  async (createdIds, { container }) => {
    if (!createdIds?.length) {
      return
    }
    await container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE).deleteMessages(createdIds)
  }
)
