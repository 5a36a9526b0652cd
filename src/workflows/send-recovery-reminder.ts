import {
  createHook,
  createWorkflow,
  transform,
  when,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { z } from "@medusajs/framework/zod"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { SmsRecoveryEvents } from "../modules/sms_recovery/events"
import { advanceRecoveryStep } from "./steps/advance-recovery"
import { applyReminderDecisionStep } from "./steps/apply-reminder-decision"
import { createReminderIncentiveStep } from "./steps/create-reminder-incentive"
import { loadReminderContextStep } from "./steps/load-reminder-context"
import { recordCustomStepOutcomeStep } from "./steps/record-custom-step-outcome"
import { recordReminderMessageStep } from "./steps/record-reminder-message"
import { sendReminderStep } from "./steps/send-reminder"
import { withdrawReminderStep } from "./steps/withdraw-reminder"
import type { ReminderContext } from "./utils/reminder-types"

/** What a `reminderData` handler may return: extra template variables. */
const reminderDataResult = z
  .record(z.string().regex(/^[a-z][a-z0-9_]*$/), z.union([z.string(), z.number(), z.null()]))
  .optional()

/** What a `customStep` handler returns. */
const customStepResult = z
  .object({
    status: z.enum(["sent", "skipped"]),
    to: z.string().optional(),
    detail: z.string().max(2000).optional(),
  })
  .optional()

/** Channels the plugin sends itself; any other channel is a custom step kind. */
const BUILT_IN_CHANNELS = ["sms", "email"]

export type SendRecoveryReminderWorkflowInput = {
  /** The recovery whose due step to send. */
  recovery_id: string
  /** The time to decide and schedule by; defaults to now. Lets tests and demos move time. */
  now?: Date | string
  /**
   * The sweep worker that claimed the recovery. When given, a run whose claim has expired and
   * been retaken by another worker leaves the recovery alone (outcome `leave`).
   */
  worker_id?: string
}

export type SendRecoveryReminderWorkflowOutput = {
  recovery_id: string
  /**
   * `sent` (the step went out), or the decision taken instead: defer, park, skip_step, end,
   * or leave (the recovery ended meanwhile, or another worker holds it now).
   */
  outcome: string
  /** The reason code when the step was not sent. */
  reason: string | null
  message_id: string | null
}

export const sendRecoveryReminderWorkflowId = "sms-recovery-send-reminder"

/**
 * Sends a recovery's due step. It re-checks eligibility at send time (campaign on, consent,
 * cart still open with items, no order since, frequency cap, quiet hours in the recipient's
 * time zone, the US one-text rule), renders the step's text (an A/B variant picked by cart),
 * creates the step's incentive, records the message, sends it through the notification
 * module with the key `recovery:<id>:step:<n>`, and schedules the next step or ends the
 * recovery. A step that may not be sent now is deferred, parked, skipped or ends the recovery,
 * with a reason code. The sweep runs it for every due recovery it claims.
 *
 * @example
 * const { result } = await sendRecoveryReminderWorkflow(container).run({
 *   input: { recovery_id: "smsrec_123" },
 * })
 *
 * @property hooks.validateReminder - Runs before a due reminder is prepared, with the recovery,
 * cart, step and campaign. Throw (e.g. a `MedusaError` of type `NOT_ALLOWED`) to veto it: the
 * step is skipped with the reason `vetoed`.
 * @property hooks.reminderData - Returns extra template variables (an object of strings or
 * numbers) for the text; list their names in the plugin's `extraTemplateVariables` option so
 * templates may use them.
 * @property hooks.reminderSent - Runs at the end of every run with its `outcome` (`sent` when a
 * reminder went out) and the message id.
 * @property hooks.customStep - Runs a step whose channel is neither `sms` nor `email`, with the
 * recovery, cart and step; return `{ status: "sent" | "skipped", to?, detail? }` and the plugin
 * records it as a message of that channel.
 */
export const sendRecoveryReminderWorkflow = createWorkflow(
  sendRecoveryReminderWorkflowId,
  (input: SendRecoveryReminderWorkflowInput) => {
    const contextInput = transform({ input }, ({ input }) => ({
      recovery_id: input.recovery_id,
      now: input.now ? new Date(input.now) : new Date(),
      worker_id: input.worker_id,
    }))
    const context = loadReminderContextStep(contextInput)

    const isDue = transform({ context }, ({ context }) => context.decision.action === "send")
    const hookPayload = transform({ context }, ({ context }) => ({
      recovery: context.recovery,
      cart: context.cart,
      step: context.step,
      campaign: context.campaign,
      phone: context.phone,
    }))
    // Hooks run only where they apply: a due step, and for `customStep` a custom step kind.
    const due = when("reminder-is-due", { isDue }, ({ isDue }) => isDue).then(() => {
      const validateReminder = createHook("validateReminder", hookPayload)
      const reminderData = createHook("reminderData", hookPayload, {
        resultValidator: reminderDataResult,
      })
      return { validateReminder, reminderData, extraVariables: reminderData.getResult() }
    })
    const extraVariables = due.extraVariables

    const builtIn = when("send-built-in-reminder", { context, isDue }, ({ context, isDue }) =>
      isDue && BUILT_IN_CHANNELS.includes(context.step?.channel ?? "")
    ).then(() => {
      const incentive = createReminderIncentiveStep(context)
      const message = recordReminderMessageStep({ context, incentive, extra_variables: extraVariables })
      return sendReminderStep({ context, message })
    })

    when("reminder-went-out", { builtIn }, ({ builtIn }) => !!builtIn?.sent).then(() => {
      advanceRecoveryStep({ context, sent: true })
      emitEventStep({
        eventName: SmsRecoveryEvents.REMINDER_SENT,
        data: transform({ context, builtIn }, reminderSentEventData),
      })
    })

    when("reminder-withheld", { builtIn }, ({ builtIn }) => !!builtIn && !builtIn.sent).then(() => {
      withdrawReminderStep(
        transform({ context, builtIn }, ({ context, builtIn }) => ({
          context,
          message: builtIn!.message,
          blocked_reason: builtIn!.blocked_reason,
        }))
      )
    })

    const custom = when("run-custom-step", { context, isDue }, ({ context, isDue }) =>
      isDue && !BUILT_IN_CHANNELS.includes(context.step?.channel ?? "")
    ).then(() => {
      const customStep = createHook("customStep", hookPayload, { resultValidator: customStepResult })
      const recorded = recordCustomStepOutcomeStep({ context, outcome: customStep.getResult() })
      advanceRecoveryStep({ context, sent: recorded.sent }).config({ name: "advance-after-custom-step" })
      return { recorded, customStep }
    })

    when("reminder-not-due", { isDue }, ({ isDue }) => !isDue).then(() => {
      applyReminderDecisionStep(context)
    })

    const result = transform({ context, builtIn, custom }, ({ context, builtIn, custom }) =>
      summarize(context, builtIn, custom?.recorded)
    )
    const reminderSent = createHook("reminderSent", {
      recovery_id: result.recovery_id,
      outcome: result.outcome,
      message_id: result.message_id,
      step: context.step,
    })

    return new WorkflowResponse(result, {
      hooks: [due.validateReminder, due.reminderData, custom.customStep, reminderSent],
    })
  }
)

function reminderSentEventData(data: {
  context: ReminderContext
  builtIn?: { message: { id: string; step_position: number; channel: string; batch_id: string | null } }
}) {
  const message = data.builtIn!.message
  return {
    id: message.id,
    recovery_id: data.context.recovery.id,
    cart_id: data.context.recovery.cart_id,
    step_position: message.step_position,
    channel: message.channel,
    batch_id: message.batch_id,
  }
}

function summarize(
  context: ReminderContext,
  builtIn: { sent: boolean; message: { id: string }; blocked_reason: string | null } | undefined,
  custom: { sent: boolean } | undefined
): SendRecoveryReminderWorkflowOutput {
  const base = { recovery_id: context.recovery.id }
  if (builtIn) {
    return {
      ...base,
      outcome: builtIn.sent ? "sent" : "withheld",
      reason: builtIn.blocked_reason,
      message_id: builtIn.message.id,
    }
  }
  if (custom) {
    return { ...base, outcome: custom.sent ? "sent" : "skipped", reason: null, message_id: null }
  }
  const decision = context.decision
  return {
    ...base,
    outcome: decision.action,
    reason: "reason" in decision ? decision.reason : null,
    message_id: null,
  }
}
