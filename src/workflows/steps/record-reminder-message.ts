import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { generateLinkCode } from "../../lib/link-code"
import { messageMayHaveGoneOut } from "../../lib/message-state"
import { formatMoney } from "../../lib/money"
import { analyzeSegments } from "../../lib/segments"
import { renderTemplate, type TemplateValues } from "../../lib/template"
import { pickVariant } from "../../lib/variants"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"
import { reminderIdempotencyKey } from "../utils/reminder-key"
import { reviveReminderContext, type ReminderContext } from "../utils/reminder-types"
import type { ReminderIncentive } from "./create-reminder-incentive"

export type RecordReminderMessageStepInput = {
  context: ReminderContext
  incentive: ReminderIncentive | null
  /** Extra template variables returned by the `reminderData` hook. */
  extra_variables?: Record<string, string | number | null | undefined> | null
}

/** How long a recovery link keeps working after the text is sent. */
const LINK_LIFETIME_MS = 30 * 24 * 3_600_000

export const recordReminderMessageStepId = "record-reminder-message"

/**
 * Renders the step's text (variant picked by cart and step) and records the message, once
 * per idempotency key: a step retried after a crash gets the message it recorded before.
 * Compensation removes a message this run recorded and never handed to the provider; one
 * that was handed over may have gone out and is kept for the retry.
 */
export const recordReminderMessageStep = createStep(
  recordReminderMessageStepId,
  async (input: RecordReminderMessageStepInput, { container }) => {
    const { incentive } = input
    const context = reviveReminderContext(input.context)
    const step = context.step!
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const options = smsRecovery.getOptions()
    const variant = pickVariant(step.variants, `${context.recovery.cart_id}:step:${step.position}`)
    const linkCode = generateLinkCode()
    const body = renderTemplate(variant.template, {
      ...templateVariables(context, incentive, `${options.publicUrl}/sms/r/${linkCode}`, options.brandName),
      ...(input.extra_variables ?? {}),
    })
    const segments = analyzeSegments(body)
    const to = step.channel === "email" ? context.cart?.email : context.phone
    const { message, created } = await smsRecovery.recordMessageOnce({
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
    })
    if (step.channel === "sms" && context.phone) {
      // Known from now on, so an opt-out of this number ends this recovery too.
      await smsRecovery.updateRecoveries([{ id: context.recovery.id, phone: context.phone }])
    }
    return new StepResponse(message, created ? message.id : null)
  },
  async (createdMessageId, { container }) => {
    if (!createdMessageId) {
      return
    }
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const [message] = await smsRecovery.listMessages(
      { id: createdMessageId },
      { select: ["id", "status", "send_attempts", "error_code"] }
    )
    if (message && !messageMayHaveGoneOut(message)) {
      await smsRecovery.deleteMessages([createdMessageId])
    }
  }
)

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
    cart_total: cart ? formatMoney(cart.total, cart.currency_code) : undefined,
    discount_code: incentive?.code,
    discount_value: incentive?.value_label,
    expires_at: incentive ? formatDay(new Date(incentive.expires_at), context.time_zone) : undefined,
  }
}

/** "Nov 29" in the recipient's time zone. */
function formatDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone }).format(at)
}

