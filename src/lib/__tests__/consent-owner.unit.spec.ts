import { isShoppersPhone, type PhoneOwners } from "../consent-owner"

const US = "+14155550123"
const GB = "+447400123456"

describe("isShoppersPhone", () => {
  it.each<[string, string, PhoneOwners, boolean]>([
    ["on the shipping address", US, { cart: { shipping_address: { phone: US, country_code: "us" } } }, true],
    ["on the billing address", US, { cart: { billing_address: { phone: US } } }, true],
    ["written nationally, read in the address's country", GB, { cart: { shipping_address: { phone: "07400 123456", country_code: "gb" } } }, true],
    ["written nationally with no country, read in the default country", US, { cart: { shipping_address: { phone: "(415) 555-0123" } } }, true],
    ["a national number read in the default country is another number", GB, { cart: { shipping_address: { phone: "07400 123456" } } }, false],
    ["another number on the cart", US, { cart: { shipping_address: { phone: "+14155550199" } } }, false],
    ["a cart with no phone", US, { cart: { shipping_address: { country_code: "us" }, billing_address: null } }, false],
    ["the customer's own number", GB, { customer: { phone: GB } }, true],
    ["on one of the customer's addresses", US, { customer: { phone: null, addresses: [{ phone: "+1 415 555 0199" }, { phone: US }] } }, true],
    ["not the customer's", US, { customer: { phone: GB, addresses: [] } }, false],
    ["neither cart nor customer", US, {}, false],
    ["an unreadable number on the cart", US, { cart: { shipping_address: { phone: "call me" } } }, false],
  ])("%s", (_, phone, owners, expected) => {
    expect(isShoppersPhone(phone, owners, "US")).toBe(expected)
  })
})
