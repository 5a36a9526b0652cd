import type { MedusaRequest } from "@medusajs/framework/http"
import { clientAddress } from "../../../lib/client-address"
import { SMS_RECOVERY_MODULE } from "../../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../../modules/sms_recovery/service"

/**
 * The shopper's address, read through the `trustedProxyHops` proxies the store configured
 * rather than Medusa's `req.ip` (which trusts one proxy whatever the deployment): rate limits
 * and the ledger use it.
 */
export function shopperAddress(req: MedusaRequest): string | null {
  const { trustedProxyHops } = req.scope.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE).getOptions()
  return clientAddress({
    remoteAddress: req.socket?.remoteAddress,
    forwardedFor: req.headers["x-forwarded-for"],
    trustedHops: trustedProxyHops,
  })
}
