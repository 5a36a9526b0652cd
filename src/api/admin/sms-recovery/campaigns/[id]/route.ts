import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { SMS_RECOVERY_MODULE, type SmsRecoveryModuleService } from "../../../../../modules/sms_recovery"
import { deleteCampaignWorkflow } from "../../../../../workflows/delete-campaign"
import { updateCampaignWorkflow } from "../../../../../workflows/update-campaign"
import {
  campaignNotFound,
  retrieveCampaignDetail,
  type CampaignDetail,
} from "../../../../../workflows/utils/campaign-detail"
import type { AdminGetSmsCampaignParamsType, AdminUpdateSmsCampaignType } from "../validators"

type CampaignResponse = { campaign: CampaignDetail }

export const GET = async (
  req: AuthenticatedMedusaRequest<undefined, AdminGetSmsCampaignParamsType>,
  res: MedusaResponse<CampaignResponse>
) => {
  const service = req.scope.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
  const campaign = await retrieveCampaignDetail(service, req.params.id)
  if (!campaign) {
    throw campaignNotFound(req.params.id)
  }
  res.json({ campaign })
}

export const POST = async (
  req: AuthenticatedMedusaRequest<AdminUpdateSmsCampaignType>,
  res: MedusaResponse<CampaignResponse>
) => {
  const { result } = await updateCampaignWorkflow(req.scope).run({
    input: { ...req.validatedBody, id: req.params.id },
  })
  res.json({ campaign: result! })
}

/**
 * Refused (409) while a cart of the campaign has a reminder scheduled, and for the last
 * campaign. The refusal is answered here: Medusa's error handler would replace a conflict's
 * message with a generic retry hint, and the admin needs to read why.
 */
export const DELETE = async (
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<{ id: string; object: "sms_campaign"; deleted: true } | { type: string; message: string }>
) => {
  const { errors } = await deleteCampaignWorkflow(req.scope).run({
    input: { id: req.params.id },
    throwOnError: false,
  })
  const error = errors[0]?.error
  if (error?.type === MedusaError.Types.CONFLICT) {
    res.status(409).json({ type: error.type, message: error.message })
    return
  }
  if (error) {
    throw error
  }
  res.json({ id: req.params.id, object: "sms_campaign", deleted: true })
}
