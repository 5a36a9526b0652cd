import type { CreatePromotionDTO } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { discountExpiresAt, generateDiscountCode } from "../../lib/discount-code"
import { incentiveLabel, type IncentiveType } from "../../lib/reminder-format"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"
import { reminderIdempotencyKey } from "../utils/reminder-key"
import { expandPlan, type PlannedReminderPage } from "../utils/reminder-page"
import type { ReminderContext } from "../utils/reminder-types"

/** A step's incentive as created for one text. */
export type ReminderIncentive = {
  promotion_id: string
  code: string
  /** How the text names it: `10%`, `$5.00`, `free shipping`. */
  value_label: string
  expires_at: Date
}

/** The incentives created for a page, by recovery id. */
export type ReminderIncentives = Record<string, ReminderIncentive>

export const createReminderIncentivesStepId = "create-reminder-incentives"

/**
 * Creates each due step's incentive as a unique, single-use promotion code valid until the
 * step's expiry, through Medusa's promotion module, in one call for the page. A step whose
 * message was recorded before (a retry) keeps the code that message carries. Compensation
 * deletes the codes no kept message carries.
 */
export const createReminderIncentivesStep = createStep(
  createReminderIncentivesStepId,
  async (input: PlannedReminderPage, { container }) => {
    const wanting = expandPlan(input).built_in.filter((context) => context.step?.incentive_type && context.cart)
    if (!wanting.length) {
      return new StepResponse<ReminderIncentives, string[]>({}, [])
    }
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const recorded = await smsRecovery.listMessages(
      { idempotency_key: wanting.map((context) => keyOf(context)) },
      { select: ["idempotency_key"] }
    )
    const alreadyRecorded = new Set(recorded.map((message) => message.idempotency_key))
    const planned = wanting
      .filter((context) => !alreadyRecorded.has(keyOf(context)))
      .map((context) => {
        const step = context.step!
        const type = step.incentive_type as IncentiveType
        const value = Number(step.incentive_value ?? 0)
        const currency = context.cart!.currency_code
        const expiresAt = discountExpiresAt(context.now, step.incentive_expiry_hours)
        const code = generateDiscountCode()
        return {
          recovery_id: context.recovery.id,
          code,
          expires_at: expiresAt,
          value_label: incentiveLabel(type, value, currency),
          promotion: promotionFor(type, value, currency, code, context.now, expiresAt),
        }
      })
    if (!planned.length) {
      return new StepResponse<ReminderIncentives, string[]>({}, [])
    }
    const promotions = await container
      .resolve(Modules.PROMOTION)
      .createPromotions(planned.map((entry) => entry.promotion))
    const byCode = new Map(promotions.map((promotion) => [promotion.code, promotion.id]))
    const incentives: ReminderIncentives = Object.fromEntries(
      planned.map((entry) => [
        entry.recovery_id,
        {
          promotion_id: byCode.get(entry.code)!,
          code: entry.code,
          value_label: entry.value_label,
          expires_at: entry.expires_at,
        },
      ])
    )
    return new StepResponse(incentives, promotions.map((promotion) => promotion.id))
  },
  async (promotionIds, { container }) => {
    if (!promotionIds?.length) {
      return
    }
    // A message kept for its retry (its send may have gone out) still carries its code.
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const carried = await smsRecovery.listMessages({ promotion_id: promotionIds }, { select: ["promotion_id"] })
    const kept = new Set(carried.map((message) => message.promotion_id))
    const orphans = promotionIds.filter((id) => !kept.has(id))
    if (orphans.length) {
      await container.resolve(Modules.PROMOTION).deletePromotions(orphans)
    }
  }
)

function keyOf(context: ReminderContext): string {
  return reminderIdempotencyKey(context.recovery.id, context.step!.position)
}

function promotionFor(
  type: IncentiveType,
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
