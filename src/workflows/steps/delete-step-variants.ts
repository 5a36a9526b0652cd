import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE, type SmsRecoveryModuleService } from "../../modules/sms_recovery"

export const deleteStepVariantsStepId = "delete-sms-step-variants"
/**
 * This step soft-deletes step variants: they leave the campaign, while the messages sent
 * with them keep their `variant_id` for A/B stats. Its compensation restores them.
 */
export const deleteStepVariantsStep = createStep(
  deleteStepVariantsStepId,
  async (ids: string[], { container }) => {
    if (ids.length === 0) {
      return new StepResponse(void 0, [])
    }
    const service = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    await service.softDeleteStepVariants(ids)
    return new StepResponse(void 0, ids)
  },
  async (ids, { container }) => {
    if (!ids?.length) {
      return
    }
    const service = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    await service.restoreStepVariants(ids)
  }
)
