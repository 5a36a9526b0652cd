import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { generateLinkCode } from "../../lib/link-code"
import { messageMayHaveGoneOut } from "../../lib/message-state"
import { formatMoney } from "../../lib/money"
import { returningFlag } from "../../lib/order-history"
import { formatExpiryDay } from "../../lib/reminder-format"
import { analyzeSegments } from "../../lib/segments"
import { renderTemplate, type TemplateValues } from "../../lib/template"
import { assignedVariant } from "../../lib/variants"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"
import type { NewMessage } from "../../modules/sms_recovery/types"
import { reminderIdempotencyKey } from "../utils/reminder-key"
import { expandPlan, type PlannedReminderPage, type ReminderText } from "../utils/reminder-page"
import type { ReminderContext } from "../utils/reminder-types"
import type { ReminderIncentive, ReminderIncentives } from "./create-reminder-incentives"

export type RecordReminderMessagesStepInput = {
  /** The page; its built-in reminders are recorded. */
  plan: PlannedReminderPage
  incentives: ReminderIncentives
  /** Extra template variables per recovery id, returned by the `reminderData` hook. */
  extra_variables: Record<string, Record<string, string | number | null | undefined>>
}

/** How long a recovery link keeps working after the text is sent. */
const LINK_LIFETIME_MS = 30 * 24 * 3_600_000

export const recordReminderMessagesStepId = "record-reminder-messages"

/**
 * Renders each reminder's text (variant picked by cart and step) and records the page's
 * messages in one statement, once per idempotency key, each returned with its cart: a step
 * retried after a crash or an outage gets the message it recorded before (same link, same
 * code, same text).
 * Compensation removes the messages this run recorded and never handed to the provider; one
 * that was handed over may have gone out and is kept for the retry.
 */
export const recordReminderMessagesStep = createStep(
  recordReminderMessagesStepId,
  async (input: RecordReminderMessagesStepInput, { container }) => {
    const contexts = expandPlan(input.plan).built_in
    if (!contexts.length) {
      return new StepResponse<ReminderText[], string[]>([], [])
    }
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const options = smsRecovery.getOptions()
    const drafts = contexts.map((context) =>
      draftMessage(
        context,
        input.incentives[context.recovery.id] ?? null,
        input.extra_variables[context.recovery.id] ?? {},
        options
      )
    )
    const { messages, created } = await smsRecovery.recordMessagesOnce(drafts)
    // Known from now on, so an opt-out of the number ends these recoveries too.
    await smsRecovery.setRecoveryPhones(
      contexts.flatMap((context) =>
        context.step?.channel === "sms" && context.phone ? [{ id: context.recovery.id, phone: context.phone }] : []
      )
    )
    const texts = messages.map((message, index): ReminderText => ({ cart_id: contexts[index].recovery.cart_id, message }))
    return new StepResponse(texts, created)
  },
  async (createdIds, { container }) => {
    if (!createdIds?.length) {
      return
    }
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const messages = await smsRecovery.listMessages(
      { id: createdIds },
      { select: ["id", "status", "send_attempts", "error_code"] }
    )
    const unsent = messages.filter((message) => !messageMayHaveGoneOut(message)).map((message) => message.id)
    if (unsent.length) {
      await smsRecovery.deleteMessages(unsent)
    }
  }
)

function draftMessage(
  context: ReminderContext,
  incentive: ReminderIncentive | null,
  extraVariables: Record<string, string | number | null | undefined>,
  options: { publicUrl: string; brandName: string }
): NewMessage {
  const step = context.step!
  const variant = assignedVariant(step, context.recovery.cart_id)
  const linkCode = generateLinkCode()
  const body = renderTemplate(variant.template, {
    ...templateVariables(context, incentive, `${options.publicUrl}/sms/r/${linkCode}`, options.brandName),
    ...extraVariables,
  })
  const segments = analyzeSegments(body)
  const to = step.channel === "email" ? context.cart?.email : context.phone
  return {
    recovery_id: context.recovery.id,
    step_id: step.id,
    step_position: step.position,
    variant_id: variant.id,
    channel: step.channel,
    idempotency_key: reminderIdempotencyKey(context.recovery.id, step.position),
    to: to ?? "",
    body,
    encoding: segments.encoding,
    segments: segments.segments,
    link_code: linkCode,
    link_expires_at: new Date(context.now.getTime() + LINK_LIFETIME_MS),
    promotion_id: incentive?.promotion_id ?? null,
    discount_code: incentive?.code ?? null,
  }
}

function templateVariables(
  context: ReminderContext,
  incentive: ReminderIncentive | null,
  link: string,
  brand: string
): TemplateValues {
  const cart = context.cart
  return {
    brand,
    link,
    first_name: cart?.first_name,
    item_count: cart?.item_count,
    top_item: cart?.top_item,
    cart_total: cart && cart.total !== null ? formatMoney(cart.total, cart.currency_code) : undefined,
    discount_code: incentive?.code,
    discount_value: incentive?.value_label,
    expires_at: incentive ? formatExpiryDay(new Date(incentive.expires_at), context.time_zone) : undefined,
    stock_left: cart?.stock_left,
    low_stock_item: cart?.low_stock_item,
    is_returning: returningFlag(cart?.orders_count),
    orders_count: cart?.orders_count,
  }
}
