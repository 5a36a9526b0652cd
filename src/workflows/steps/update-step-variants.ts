import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE, type SmsRecoveryModuleService } from "../../modules/sms_recovery"
import type { StepVariantChanges } from "../utils/plan-campaign-update"

const VARIANT_COLUMNS: (keyof StepVariantChanges)[] = ["id", "name", "template", "weight"]

export const updateStepVariantsStepId = "update-sms-step-variants"
/**
 * This step updates step variants. Its compensation writes back the columns they had.
 */
export const updateStepVariantsStep = createStep(
  updateStepVariantsStepId,
  async (variants: StepVariantChanges[], { container }) => {
    if (variants.length === 0) {
      return new StepResponse([], [])
    }
    const service = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const before = await service.listStepVariants(
      { id: variants.map((variant) => variant.id) },
      { select: VARIANT_COLUMNS }
    )
    await service.updateStepVariants(variants)
    return new StepResponse(variants, before.map(({ id, name, template, weight }) => ({ id, name, template, weight })))
  },
  async (before, { container }) => {
    if (!before?.length) {
      return
    }
    const service = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    await service.updateStepVariants(before)
  }
)
