import { defineLink } from "@medusajs/framework/utils"
import CartModule from "@medusajs/medusa/cart"
import SmsRecoveryModule from "../modules/sms_recovery"

/**
 * A recovery's cart, read through Query (`sms_recovery` → `cart.*`). Read-only: `cart_id`
 * is the key, so no link table is written or synced.
 */
export default defineLink(
  { linkable: SmsRecoveryModule.linkable.smsRecovery, field: "cart_id" },
  CartModule.linkable.cart,
  { readOnly: true }
)
