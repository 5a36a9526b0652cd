import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE, type SmsRecoveryModuleService } from "../../modules/sms_recovery"

export const deleteCampaignStepId = "delete-sms-campaign"
/**
 * This step soft-deletes a campaign (its steps and variants are deleted by their own steps):
 * it leaves the admin and the engine, while its recoveries, messages and attributions keep
 * their `campaign_id` for the stats. Its compensation restores it.
 */
export const deleteCampaignStep = createStep(
  deleteCampaignStepId,
  async (id: string, { container }) => {
    const service = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    await service.softDeleteCampaigns([id])
    return new StepResponse(void 0, id)
  },
  async (id, { container }) => {
    if (!id) {
      return
    }
    const service = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    await service.restoreCampaigns([id])
  }
)
