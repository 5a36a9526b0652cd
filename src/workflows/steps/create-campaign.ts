import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE, type SmsRecoveryModuleService } from "../../modules/sms_recovery"
import type { NewCampaign } from "../utils/plan-campaign-update"

export type CreatedCampaign = { id: string; enabled: boolean }

export const createCampaignStepId = "create-sms-campaign"
/**
 * This step creates a campaign without steps and returns its id. Its compensation deletes it.
 */
export const createCampaignStep = createStep(
  createCampaignStepId,
  async (campaign: NewCampaign, { container }) => {
    const service = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const [created] = await service.createCampaigns([campaign])
    return new StepResponse<CreatedCampaign, string>({ id: created.id, enabled: created.enabled }, created.id)
  },
  async (id, { container }) => {
    if (!id) {
      return
    }
    const service = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    await service.deleteCampaigns([id])
  }
)
