import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE, type SmsRecoveryModuleService } from "../../modules/sms_recovery"
import type { NewStepVariantRow } from "../utils/plan-campaign-update"

export const createStepVariantsStepId = "create-sms-step-variants"
/**
 * This step creates step variants. Its compensation deletes them.
 */
export const createStepVariantsStep = createStep(
  createStepVariantsStepId,
  async (variants: NewStepVariantRow[], { container }) => {
    if (variants.length === 0) {
      return new StepResponse([] as string[], [] as string[])
    }
    const service = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const created = await service.createStepVariants(variants)
    const ids = created.map((variant) => variant.id)
    return new StepResponse(ids, ids)
  },
  async (ids, { container }) => {
    if (!ids?.length) {
      return
    }
    const service = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    await service.deleteStepVariants(ids)
  }
)
