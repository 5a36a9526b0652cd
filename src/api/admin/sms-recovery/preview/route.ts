import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { SMS_RECOVERY_MODULE, type SmsRecoveryModuleService } from "../../../../modules/sms_recovery"
import { retrieveCampaignDetail, type CampaignDetail } from "../../../../workflows/utils/campaign-detail"
import { previewTemplate, type TemplatePreview } from "../../../../workflows/utils/template-preview"
import type { AdminPreviewSmsTemplateType } from "./validators"

export const POST = async (
  req: AuthenticatedMedusaRequest<AdminPreviewSmsTemplateType>,
  res: MedusaResponse<TemplatePreview>
) => {
  const service = req.scope.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
  const { campaign_id } = req.validatedBody
  const campaign = campaign_id ? await campaignFor(service, campaign_id) : undefined
  res.json(previewTemplate(req.validatedBody, service.getOptions(), campaign, new Date()))
}

async function campaignFor(service: SmsRecoveryModuleService, id: string): Promise<CampaignDetail> {
  const campaign = await retrieveCampaignDetail(service, id)
  if (!campaign) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Invalid request: campaign_id: no SMS campaign with id "${id}"`
    )
  }
  return campaign
}
