import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { isLinkPreview } from "../../../../lib/link-preview"
import { SMS_RECOVERY_MODULE } from "../../../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../../../modules/sms_recovery/service"
import { trackRecoveryLinkWorkflow } from "../../../../workflows/track-recovery-link"

/**
 * The link in a recovery text. Public (no auth, no publishable key): it counts the click,
 * applies the text's code and redirects (302) to the cart, or to the storefront's home for
 * any code it can't honour. A shopper never sees an error page from here. Previews that
 * messaging apps fetch (and HEADs) are redirected too but counted as nothing.
 */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  // Each click must reach the server to be counted and to apply the code.
  res.set("Cache-Control", "no-store")
  try {
    const { result } = await trackRecoveryLinkWorkflow(req.scope).run({
      input: {
        code: req.params.code,
        preview: isLinkPreview({ method: req.method, userAgent: req.get("user-agent") }),
      },
    })
    res.redirect(302, result.location)
  } catch (error) {
    const logger = req.scope.resolve(ContainerRegistrationKeys.LOGGER)
    logger.error(`SMS recovery link failed, sent to the storefront: ${(error as Error).message}`)
    const smsRecovery = req.scope.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    res.redirect(302, smsRecovery.getOptions().storefrontUrl)
  }
}
