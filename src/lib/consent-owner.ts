import { normalizePhone, type CountryCode } from "./phone"

type AddressPhone = { phone?: string | null; country_code?: string | null } | null | undefined

/** Where a shopper's own number may be found. */
export type PhoneOwners = {
  /** The cart the shopper is on, when one was given. */
  cart?: { shipping_address?: AddressPhone; billing_address?: AddressPhone } | null
  /** The signed-in customer, when there is one. */
  customer?: { phone?: string | null; addresses?: AddressPhone[] | null } | null
}

/** Fields of a cart and a customer that `isShoppersPhone` reads. */
export const CART_PHONE_FIELDS = [
  "shipping_address.phone",
  "shipping_address.country_code",
  "billing_address.phone",
  "billing_address.country_code",
]
export const CUSTOMER_PHONE_FIELDS = ["phone", "addresses.phone", "addresses.country_code"]

/**
 * Whether a number (E.164) is the shopper's own: on the cart's shipping or billing address, or
 * the signed-in customer's (their account's or one of their addresses'). Without this, anyone
 * could opt in a stranger, make the store text numbers of their choosing, or read another
 * number's consent. An address's number is read with the address's country first.
 */
export function isShoppersPhone(phone: string, owners: PhoneOwners, defaultCountry: string): boolean {
  const candidates: AddressPhone[] = [
    owners.cart?.shipping_address,
    owners.cart?.billing_address,
    owners.customer ? { phone: owners.customer.phone } : null,
    ...(owners.customer?.addresses ?? []),
  ]
  return candidates.some((candidate) => toE164(candidate, defaultCountry) === phone)
}

function toE164(address: AddressPhone, defaultCountry: string): string | null {
  if (!address?.phone) {
    return null
  }
  const country = (address.country_code?.toUpperCase() || defaultCountry) as CountryCode
  return normalizePhone(address.phone, country)?.e164 ?? null
}
