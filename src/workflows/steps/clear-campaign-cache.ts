import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE, type SmsRecoveryModuleService } from "../../modules/sms_recovery"

export const clearCampaignCacheStepId = "clear-sms-campaign-cache"
/**
 * This step drops this process's cached campaigns, so the next cart event or sweep here reads
 * the campaign as just saved. Other instances keep theirs until it expires (a few seconds).
 * Its compensation drops them again, since a rolled-back save may have been read meanwhile.
 */
export const clearCampaignCacheStep = createStep(
  clearCampaignCacheStepId,
  async (_: void, { container }) => {
    container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE).clearCampaignCache()
    return new StepResponse(void 0, true)
  },
  async (cleared, { container }) => {
    if (cleared) {
      container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE).clearCampaignCache()
    }
  }
)
