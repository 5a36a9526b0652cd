import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE, type SmsRecoveryModuleService } from "../../modules/sms_recovery"
import type { CampaignStepChanges } from "../utils/plan-campaign-update"

const STEP_COLUMNS: (keyof CampaignStepChanges)[] = [
  "id",
  "position",
  "delay_minutes",
  "channel",
  "expires_after_hours",
  "incentive_type",
  "incentive_value",
  "incentive_expiry_hours",
]

export const updateCampaignStepsStepId = "update-sms-campaign-steps"
/**
 * This step updates campaign steps, moving them to new positions. Its compensation writes
 * back the columns they had.
 */
export const updateCampaignStepsStep = createStep(
  updateCampaignStepsStepId,
  async (steps: CampaignStepChanges[], { container }) => {
    if (steps.length === 0) {
      return new StepResponse([], [])
    }
    const service = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const before = await service.listCampaignSteps(
      { id: steps.map((step) => step.id) },
      { select: STEP_COLUMNS }
    )
    await writeSteps(service, steps)
    return new StepResponse(steps, before.map(toChanges))
  },
  async (before, { container }) => {
    if (!before?.length) {
      return
    }
    const service = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    await writeSteps(service, before)
  }
)

/**
 * Positions are unique per campaign and checked row by row, so swapping two steps directly
 * collides: each step first parks on its negated target position, then takes it.
 */
async function writeSteps(service: SmsRecoveryModuleService, steps: CampaignStepChanges[]) {
  await service.updateCampaignSteps(steps.map(({ id, position }) => ({ id, position: -position })))
  await service.updateCampaignSteps(steps)
}

function toChanges(step: Record<string, unknown>): CampaignStepChanges {
  const changes = Object.fromEntries(STEP_COLUMNS.map((column) => [column, step[column]]))
  return changes as CampaignStepChanges
}
