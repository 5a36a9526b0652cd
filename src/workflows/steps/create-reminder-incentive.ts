import type { CreatePromotionDTO } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { generateDiscountCode } from "../../lib/discount-code"
import { formatMoney } from "../../lib/money"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"
import { reminderIdempotencyKey } from "../utils/reminder-key"
import { reviveReminderContext, type ReminderContext } from "../utils/reminder-types"

const HOUR_MS = 3_600_000
const DEFAULT_EXPIRY_HOURS = 48

/** A step's incentive as created for one text. */
export type ReminderIncentive = {
  promotion_id: string
  code: string
  /** How the text names it: `10%`, `$5.00`, `free shipping`. */
  value_label: string
  expires_at: Date
}

export const createReminderIncentiveStepId = "create-reminder-incentive"

/**
 * Creates the step's incentive as a unique, single-use promotion code valid until the step's
 * expiry, through Medusa's promotion module. Compensation deletes it unless a kept message
 * carries it.
 */
export const createReminderIncentiveStep = createStep(
  createReminderIncentiveStepId,
  async (input: ReminderContext, { container }) => {
    const context = reviveReminderContext(input)
    const { step, cart, now } = context
    if (!step?.incentive_type || !cart) {
      return new StepResponse(null, null)
    }
    // A step retried after a crash keeps the code its message already carries.
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const [recorded] = await smsRecovery.listMessages(
      { idempotency_key: reminderIdempotencyKey(context.recovery.id, step.position) },
      { select: ["id"] }
    )
    if (recorded) {
      return new StepResponse(null, null)
    }
    const expiresAt = new Date(
      now.getTime() + (step.incentive_expiry_hours ?? DEFAULT_EXPIRY_HOURS) * HOUR_MS
    )
    const code = generateDiscountCode()
    const promotions = container.resolve(Modules.PROMOTION)
    const [promotion] = await promotions.createPromotions([
      promotionFor(step.incentive_type, Number(step.incentive_value ?? 0), cart.currency_code, code, now, expiresAt),
    ])
    const incentive: ReminderIncentive = {
      promotion_id: promotion.id,
      code,
      value_label: valueLabel(step.incentive_type, Number(step.incentive_value ?? 0), cart.currency_code),
      expires_at: expiresAt,
    }
    return new StepResponse(incentive, promotion.id)
  },
  async (promotionId, { container }) => {
    if (!promotionId) {
      return
    }
    // A message kept for its retry (its send may have gone out) still carries the code.
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const [carrier] = await smsRecovery.listMessages({ promotion_id: promotionId }, { select: ["id"] })
    if (carrier) {
      return
    }
    await container.resolve(Modules.PROMOTION).deletePromotions([promotionId])
  }
)

function promotionFor(
  type: "percentage" | "fixed" | "free_shipping",
  value: number,
  currencyCode: string,
  code: string,
  startsAt: Date,
  endsAt: Date
): CreatePromotionDTO {
  const applicationMethod: CreatePromotionDTO["application_method"] =
    type === "free_shipping"
      ? { type: "percentage", target_type: "shipping_methods", allocation: "across", value: 100 }
      : type === "percentage"
        ? { type: "percentage", target_type: "order", allocation: "across", value }
        : { type: "fixed", target_type: "order", allocation: "across", value, currency_code: currencyCode }
  return {
    code,
    type: "standard",
    status: "active",
    is_automatic: false,
    limit: 1,
    application_method: applicationMethod,
    // A campaign of its own carries the code's validity window.
    campaign: {
      name: `SMS cart recovery ${code}`,
      campaign_identifier: code,
      starts_at: startsAt,
      ends_at: endsAt,
    },
  }
}

function valueLabel(type: "percentage" | "fixed" | "free_shipping", value: number, currencyCode: string) {
  if (type === "free_shipping") {
    return "free shipping"
  }
  return type === "percentage" ? `${value}%` : formatMoney(value, currencyCode)
}
