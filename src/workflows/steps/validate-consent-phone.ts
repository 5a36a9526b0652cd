import { MedusaError } from "@medusajs/framework/utils"
import { createStep } from "@medusajs/framework/workflows-sdk"
import { normalizePhone, type CountryCode } from "../../lib/phone"

type AddressPhone = { phone?: string | null; country_code?: string | null } | null | undefined

export type ValidateConsentPhoneStepInput = {
  /** The number to consent, in E.164. */
  phone: string
  /** The cart the shopper consented on, when one was given. */
  cart?: { shipping_address?: AddressPhone; billing_address?: AddressPhone } | null
  /** The signed-in customer, when there is one. */
  customer?: { phone?: string | null; addresses?: AddressPhone[] | null } | null
  /** Country assumed for numbers written without a country code. */
  default_country: string
}

export const validateConsentPhoneStepId = "validate-sms-consent-phone"
/**
 * This step refuses a consent for a number that is neither on the cart's shipping or billing
 * address nor the signed-in customer's own: without it, anyone could opt in a stranger or make
 * the store text numbers of their choosing.
 *
 * Numbers are compared in E.164; an address's number is read with the address's country first.
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
    const candidates: AddressPhone[] = [
      input.cart?.shipping_address,
      input.cart?.billing_address,
      input.customer ? { phone: input.customer.phone } : null,
      ...(input.customer?.addresses ?? []),
    ]
    const matches = candidates.some(
      (candidate) => toE164(candidate, input.default_country) === input.phone
    )
    if (!matches) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "Invalid request: Field 'phone' must be the number on the cart's shipping or billing address, or the signed-in customer's own"
      )
    }
  }
)

function toE164(address: AddressPhone, defaultCountry: string): string | null {
  if (!address?.phone) {
    return null
  }
  const country = (address.country_code?.toUpperCase() || defaultCountry) as CountryCode
  return normalizePhone(address.phone, country)?.e164 ?? null
}
