import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE, type SmsRecoveryModuleService } from "../../modules/sms_recovery"
import type { NewCampaignStep } from "../utils/plan-campaign-update"

export type CreatedCampaignStep = { id: string; position: number }

export const createCampaignStepsStepId = "create-sms-campaign-steps"
/**
 * This step creates campaign steps and returns their ids and positions. Its compensation
 * deletes them.
 */
export const createCampaignStepsStep = createStep(
  createCampaignStepsStepId,
  async (steps: NewCampaignStep[], { container }) => {
    if (steps.length === 0) {
      return new StepResponse([] as CreatedCampaignStep[], [] as string[])
    }
    const service = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const created = await service.createCampaignSteps(steps)
    const result: CreatedCampaignStep[] = created.map(({ id, position }) => ({ id, position }))
    return new StepResponse(result, result.map((step) => step.id))
  },
  async (ids, { container }) => {
    if (!ids?.length) {
      return
    }
    const service = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    await service.deleteCampaignSteps(ids)
  }
)
