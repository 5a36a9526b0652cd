import { SmsConsentCheckbox } from "medusa-sms-cart-recovery/storefront/consent-checkbox"
import { backendUrl, publishableKey, retrieveCart } from "../../../../lib/medusa"

export const dynamic = "force-dynamic"

// The contact step of the starter's checkout, with the consent checkbox under the phone.
export default async function CheckoutPage() {
  const cart = await retrieveCart()
  if (!cart) {
    return <h1>Your cart is empty</h1>
  }
  return (
    <main>
      <h1>Checkout</h1>
      <p data-testid="phone">{cart.shipping_address?.phone}</p>
      <SmsConsentCheckbox
        brand={process.env.SMS_BRAND_NAME}
        messagesPerCart={1}
        termsUrl={process.env.SMS_TERMS_URL}
        cartId={cart.id}
        phone={cart.shipping_address?.phone}
        backendUrl={backendUrl()}
        publishableKey={publishableKey()}
      />
    </main>
  )
}
