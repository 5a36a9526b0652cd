import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SMS_RECOVERY_MODULE, type SmsRecoveryModuleService } from "../../../../modules/sms_recovery"
import { listCampaignDetails, type CampaignDetail } from "../../../../workflows/utils/campaign-detail"
import type { AdminGetSmsCampaignsParamsType } from "./validators"

export const GET = async (
  req: AuthenticatedMedusaRequest<undefined, AdminGetSmsCampaignsParamsType>,
  res: MedusaResponse<{ campaigns: CampaignDetail[] }>
) => {
  const service = req.scope.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
  res.json({ campaigns: await listCampaignDetails(service) })
}
