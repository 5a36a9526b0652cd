import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE, type SmsRecoveryModuleService } from "../../modules/sms_recovery"
import { retrieveCampaignDetail } from "../utils/campaign-detail"

export const getCampaignStepId = "get-sms-campaign"
/**
 * This step reads a campaign with its steps (by position) and their variants (by name);
 * `undefined` when no campaign has the id.
 */
export const getCampaignStep = createStep(getCampaignStepId, async (id: string, { container }) => {
  const service = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
  return new StepResponse(await retrieveCampaignDetail(service, id))
})
