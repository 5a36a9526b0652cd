import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SMS_RECOVERY_MODULE, type SmsRecoveryModuleService } from "../../../../modules/sms_recovery"
import { createCampaignWorkflow } from "../../../../workflows/create-campaign"
import { listCampaignDetails, type CampaignDetail } from "../../../../workflows/utils/campaign-detail"
import type { AdminCreateSmsCampaignType, AdminGetSmsCampaignsParamsType } from "./validators"

/** The campaigns in the order carts try them: highest priority first, then oldest first. */
export const GET = async (
  req: AuthenticatedMedusaRequest<undefined, AdminGetSmsCampaignsParamsType>,
  res: MedusaResponse<{ campaigns: CampaignDetail[] }>
) => {
  const service = req.scope.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
  res.json({ campaigns: await listCampaignDetails(service) })
}

export const POST = async (
  req: AuthenticatedMedusaRequest<AdminCreateSmsCampaignType>,
  res: MedusaResponse<{ campaign: CampaignDetail }>
) => {
  const { result } = await createCampaignWorkflow(req.scope).run({ input: req.validatedBody })
  res.json({ campaign: result! })
}
