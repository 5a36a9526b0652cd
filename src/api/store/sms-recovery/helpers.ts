import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import type { ConsentStatus } from "../../../lib/consent-status"
import { CART_PHONE_FIELDS, CUSTOMER_PHONE_FIELDS, isShoppersPhone } from "../../../lib/consent-owner"
import { SMS_RECOVERY_MODULE } from "../../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../../modules/sms_recovery/service"
import { findConsentByPhone } from "../../../workflows/steps/find-consent"

/**
 * The consent status a shopper may see for a number: its own status when the number is on the
 * cart's shipping or billing address or is the signed-in customer's, else `none`, exactly as
 * for a number never seen. The cart, the customer and the consent are read whatever the answer
 * will be, so neither the answer nor the time it takes tells a stranger's number apart.
 */
export async function shopperConsentStatus(
  scope: MedusaContainer,
  input: { phone: string; cart_id?: string; customer_id: string | null }
): Promise<ConsentStatus | "none"> {
  if (!input.cart_id && !input.customer_id) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "Invalid request: Field 'cart_id' is required when no customer is signed in"
    )
  }
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const smsRecovery = scope.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
  const [carts, customers, found] = await Promise.all([
    input.cart_id
      ? query.graph({ entity: "cart", filters: { id: input.cart_id }, fields: CART_PHONE_FIELDS })
      : { data: [] },
    input.customer_id
      ? query.graph({ entity: "customer", filters: { id: input.customer_id }, fields: CUSTOMER_PHONE_FIELDS })
      : { data: [] },
    findConsentByPhone(smsRecovery, input.phone),
  ])
  const owners = { cart: carts.data[0] ?? null, customer: customers.data[0] ?? null }
  if (!isShoppersPhone(input.phone, owners, smsRecovery.getOptions().defaultCountry)) {
    return "none"
  }
  return found.consent?.status ?? (found.suppressed ? "opted_out" : "none")
}
