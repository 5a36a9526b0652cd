import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SMS_RECOVERY_MODULE } from "../../../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../../../modules/sms_recovery/service"
import { webhookUrls } from "../../../../modules/sms_recovery/webhook-urls"

type AdminSmsWebhooksResponse = {
  webhooks: {
    /** Paste into the Sinch dashboard as the service plan's inbound (MO) callback URL. */
    inbound_url: string
    /** Set on every batch as its delivery-report callback URL. */
    delivery_url: string
    /** Whether callbacks must also carry a valid Sinch signature (`sinchWebhookSecret`). */
    signature_required: boolean
  }
}

export const GET = async (
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminSmsWebhooksResponse>
) => {
  const options = req.scope.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE).getOptions()
  const urls = webhookUrls(options)
  res.json({
    webhooks: {
      inbound_url: urls.inbound,
      delivery_url: urls.delivery,
      signature_required: !!options.sinchWebhookSecret,
    },
  })
}
