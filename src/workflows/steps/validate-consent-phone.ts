import { MedusaError } from "@medusajs/framework/utils"
import { createStep } from "@medusajs/framework/workflows-sdk"
import { isShoppersPhone, type PhoneOwners } from "../../lib/consent-owner"

export type ValidateConsentPhoneStepInput = PhoneOwners & {
  /** The number to consent, in E.164. */
  phone: string
  /** Country assumed for numbers written without a country code. */
  default_country: string
}

export const validateConsentPhoneStepId = "validate-sms-consent-phone"
/**
 * This step refuses a consent for a number that is neither on the cart's shipping or billing
 * address nor the signed-in customer's own (`isShoppersPhone`): without it, anyone could opt
 * in a stranger or make the store text numbers of their choosing.
 */
export const validateConsentPhoneStep = createStep(
  validateConsentPhoneStepId,
  async (input: ValidateConsentPhoneStepInput) => {
    if (!input.cart && !input.customer) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "Invalid request: Field 'cart_id' is required when no customer is signed in"
      )
    }
    if (!isShoppersPhone(input.phone, input, input.default_country)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "Invalid request: Field 'phone' must be the number on the cart's shipping or billing address, or the signed-in customer's own"
      )
    }
  }
)
