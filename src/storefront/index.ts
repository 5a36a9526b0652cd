export {
  createCartRecoveryRoute,
  STARTER_CART_COOKIE,
  type CartRecoveryMiss,
  type CartRecoveryRouteContext,
  type CartRecoveryRouteOptions,
  type CartRecoveryRouteParams,
} from "./cart-recovery-route"
export {
  checkoutConsentText,
  frequencyLine,
  type CheckoutConsentTextContext,
} from "../lib/checkout-consent-text"
