import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { normalizePhone, type CountryCode } from "../../lib/phone"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"

export type ListAttributionCandidatesStepInput = {
  cart_id: string | null
  customer_id: string | null
  /** The order's phone as the shopper typed it. */
  phone: string | null
  /** The address country, to read a number written without a country code. */
  country_code: string | null
  placed_at: Date
}

export const listAttributionCandidatesStepId = "list-attribution-candidates"

/**
 * Lists the texts an order may be credited to: those sent before it to the order's cart,
 * customer or phone, whose click or delivery may fall inside their campaign's windows.
 */
export const listAttributionCandidatesStep = createStep(
  listAttributionCandidatesStepId,
  async (input: ListAttributionCandidatesStepInput, { container }) => {
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const country = (input.country_code?.toUpperCase() ??
      smsRecovery.getOptions().defaultCountry) as CountryCode
    const phone = input.phone ? normalizePhone(input.phone, country)?.e164 ?? null : null
    if (!input.cart_id && !input.customer_id && !phone) {
      return new StepResponse([])
    }
    const candidates = await smsRecovery.listAttributionCandidates({
      cart_id: input.cart_id,
      customer_id: input.customer_id,
      phone,
      placed_at: new Date(input.placed_at),
    })
    return new StepResponse(candidates)
  }
)
