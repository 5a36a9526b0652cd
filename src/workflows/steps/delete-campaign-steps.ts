import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE, type SmsRecoveryModuleService } from "../../modules/sms_recovery"

export const deleteCampaignStepsStepId = "delete-sms-campaign-steps"
/**
 * This step soft-deletes campaign steps (their variants are deleted by
 * `deleteStepVariantsStep`): they leave the campaign and free their positions, while the
 * messages sent for them keep their `step_id`. Its compensation restores them.
 */
export const deleteCampaignStepsStep = createStep(
  deleteCampaignStepsStepId,
  async (ids: string[], { container }) => {
    if (ids.length === 0) {
      return new StepResponse(void 0, [])
    }
    const service = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    await service.softDeleteCampaignSteps(ids)
    return new StepResponse(void 0, ids)
  },
  async (ids, { container }) => {
    if (!ids?.length) {
      return
    }
    const service = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    await service.restoreCampaignSteps(ids)
  }
)
