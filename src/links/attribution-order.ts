import { defineLink } from "@medusajs/framework/utils"
import OrderModule from "@medusajs/medusa/order"
import SmsRecoveryModule from "../modules/sms_recovery"

/**
 * An attribution's order, read through Query (`sms_attribution` → `order.*`). Read-only:
 * `order_id` is the key, so no link table is written or synced.
 */
export default defineLink(
  { linkable: SmsRecoveryModule.linkable.smsAttribution, field: "order_id" },
  OrderModule.linkable.order,
  { readOnly: true }
)
