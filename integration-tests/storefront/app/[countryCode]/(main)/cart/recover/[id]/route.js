import { createCartRecoveryRoute } from "medusa-sms-cart-recovery/storefront"

export const dynamic = "force-dynamic"
// The README's file; the test backend's key is passed at run time instead of build time.
export const GET = createCartRecoveryRoute({
  backendUrl: process.env.MEDUSA_BACKEND_URL,
  publishableKey: process.env.MEDUSA_PUBLISHABLE_KEY,
})
