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
import { applyReminderOutcomesStep } from "./steps/apply-reminder-outcomes"
import { createReminderIncentivesStep } from "./steps/create-reminder-incentives"
import { loadReminderPageStep } from "./steps/load-reminder-page"
import { recordHeldOutMessagesStep } from "./steps/record-held-out-messages"
import { recordCustomStepOutcomesStep } from "./steps/record-custom-step-outcomes"
import { recordReminderMessagesStep } from "./steps/record-reminder-messages"
import { sendRemindersStep } from "./steps/send-reminders"
import { expandPlan, planPage, toHookReminder, type ReminderOutcome } from "./utils/reminder-page"
import { pageContexts } from "./utils/reminder-types"

/** What a `validateReminders` handler may return: the reminders to veto, with reasons. */
const vetoesResult = z
  .array(z.object({ recovery_id: z.string(), reason: z.string().max(500).optional() }))
  .optional()

/** What a `reminderData` handler may return: extra template variables per recovery id. */
const reminderDataResult = z
  .record(
    z.string(),
    z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), z.union([z.string(), z.number(), z.null()]))
  )
  .optional()

/** What a `customSteps` handler returns: the outcome per recovery id. */
const customStepsResult = z
  .record(
    z.string(),
    z.object({
      status: z.enum(["sent", "skipped"]),
      to: z.string().optional(),
      detail: z.string().max(2000).optional(),
    })
  )
  .optional()

export type SendRecoveryRemindersWorkflowInput = {
  /** The recoveries whose due step to send: one page, claimed by the sweep. */
  recovery_ids: string[]
  /** The time to decide and schedule by; defaults to now. Lets tests and demos move time. */
  now?: Date | string
  /**
   * The sweep worker that claimed the recoveries. When given, a recovery whose claim has
   * expired and been retaken by another worker is left alone (outcome `leave`).
   */
  worker_id?: string
  /**
   * Texts handed to the provider at once, in one call; 100 by default, a whole page of the
   * sweep's. Fewer means more calls, each with its own statements and consent read, and less
   * waiting on Sinch at once.
   */
  send_concurrency?: number
}

const DEFAULT_SEND_CONCURRENCY = 100

export type SendRecoveryRemindersWorkflowOutput = ReminderOutcome[]

export const sendRecoveryRemindersWorkflowId = "sms-recovery-send-reminders"

/**
 * Sends the due step of a page of recoveries. It loads the page's carts, consents, caps and
 * send histories in a handful of queries, re-checks each reminder's eligibility at send time
 * (campaign on, consent, cart still open with items, no order since, frequency cap, quiet
 * hours in the recipient's time zone, the US one-text rule), renders each text (an A/B variant
 * picked by cart), creates the incentives, records the messages, and sends them through the
 * notification module a group at a time (one call per group, each text under its own key
 * `recovery:<id>:step:<n>`), while holding the group's numbers' consent locks. A recovery in
 * its campaign's holdout is decided the same way, but each step it would send is recorded as a
 * `held_out` message instead: no text, link, code or notification. Then each recovery's next
 * step is scheduled,
 * or it is deferred, parked, skipped or ended with a reason code. A failed send fails only its
 * own reminder, which is retried later; the rest of the page goes on. The sweep runs it for
 * every page it claims.
 *
 * @example
 * const { result } = await sendRecoveryRemindersWorkflow(container).run({
 *   input: { recovery_ids: ["smsrec_123", "smsrec_456"] },
 * })
 *
 * @property hooks.validateReminders - Runs with the page's due reminders (each with its
 * recovery, cart, step, campaign and phone). Return the ones to veto,
 * `new StepResponse([{ recovery_id, reason }])`: their step is skipped with the reason
 * `vetoed`, the rest go on.
 * @property hooks.reminderData - Runs with the page's due reminders; return extra template
 * variables per recovery id, `new StepResponse({ [recovery_id]: { name: value } })`. List the
 * names in the plugin's `extraTemplateVariables` option so templates may use them.
 * @property hooks.customSteps - Runs with the page's due reminders whose step channel is
 * neither `sms` nor `email`; return `{ [recovery_id]: { status: "sent" | "skipped", to?,
 * detail? } }` and the plugin records each as a message of that channel.
 * @property hooks.remindersSent - Runs at the end of every run with each recovery's `outcome`
 * (`sent` when a reminder went out, `held_out` when a held-out recovery's step was recorded
 * instead) and message id. `validateReminders` and `reminderData` see held-out reminders too
 * (`recovery.holdout` is true), so a veto decides both groups alike.
 */
export const sendRecoveryRemindersWorkflow = createWorkflow(
  sendRecoveryRemindersWorkflowId,
  (input: SendRecoveryRemindersWorkflowInput) => {
    const pageInput = transform({ input }, ({ input }) => ({
      recovery_ids: input.recovery_ids,
      now: input.now ? new Date(input.now) : new Date(),
      worker_id: input.worker_id,
    }))
    const page = loadReminderPageStep(pageInput)

    // The hooks' input as one value: an object of values would be copied twice, each value
    // on its own and then the whole.
    const dueReminders = transform({ page }, ({ page }) => ({
      reminders: pageContexts(page).filter((context) => context.decision.action === "send").map(toHookReminder),
    }))
    // Hooks run only where they apply: a page with due reminders. A `when` evaluates its
    // condition, a copy of its input included, once for each step in it: the input is a flag.
    const remindersAreDue = transform({ page }, ({ page }) =>
      page.reminders.some((reminder) => reminder.decision.action === "send")
    )
    const extension = when("reminders-are-due", { remindersAreDue }, (due) => due.remindersAreDue).then(() => {
      const validateReminders = createHook("validateReminders", dueReminders, {
        resultValidator: vetoesResult,
      })
      const reminderData = createHook("reminderData", dueReminders, {
        resultValidator: reminderDataResult,
      })
      return {
        validateReminders,
        reminderData,
        vetoes: validateReminders.getResult(),
        extra_variables: reminderData.getResult(),
      }
    })

    // The steps below take the whole planned page, each a copy of it: every extra transform of
    // it (a `plan.<key>` too) would be one more copy.
    const plan = transform({ page, extension }, ({ page, extension }) => planPage(page, extension?.vetoes ?? []))

    const incentives = createReminderIncentivesStep(plan)
    const texts = recordReminderMessagesStep({
      plan,
      incentives,
      extra_variables: transform({ extension }, ({ extension }) => extension?.extra_variables ?? {}),
    })
    const sends = sendRemindersStep({
      texts,
      now: pageInput.now,
      concurrency: transform({ input }, ({ input }) => input.send_concurrency ?? DEFAULT_SEND_CONCURRENCY),
    })

    const heldOut = recordHeldOutMessagesStep(plan)

    const customStepsAreDue = transform({ plan }, ({ plan }) => plan.custom.length > 0)
    const custom = when("custom-steps-are-due", { customStepsAreDue }, (due) => due.customStepsAreDue).then(() => {
      const customSteps = createHook(
        "customSteps",
        transform({ plan }, ({ plan }) => ({ reminders: expandPlan(plan).custom.map(toHookReminder) })),
        { resultValidator: customStepsResult }
      )
      const recorded = recordCustomStepOutcomesStep({ plan, outcomes: customSteps.getResult() })
      return { customSteps, recorded }
    })

    const outcomes = applyReminderOutcomesStep({ plan, sends, held_out: heldOut, custom: custom.recorded })

    const sentEvents = transform({ sends }, ({ sends }) =>
      sends
        .filter((send) => send.status === "sent")
        .map(({ recovery_id, cart_id, message }) => ({
          id: message.id,
          recovery_id,
          cart_id,
          step_position: message.step_position,
          channel: message.channel,
          batch_id: message.batch_id,
        }))
    )
    when("reminders-went-out", { sentEvents }, ({ sentEvents }) => sentEvents.length > 0).then(() => {
      emitEventStep({ eventName: SmsRecoveryEvents.REMINDER_SENT, data: sentEvents })
    })

    const remindersSent = createHook("remindersSent", { outcomes })

    return new WorkflowResponse(outcomes, {
      hooks: [extension.validateReminders, extension.reminderData, custom.customSteps, remindersSent],
    })
  }
)
