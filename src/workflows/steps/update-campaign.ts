import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE, type SmsRecoveryModuleService } from "../../modules/sms_recovery"
import type { CampaignChanges } from "../utils/plan-campaign-update"

export const updateCampaignStepId = "update-sms-campaign"
/**
 * This step updates the columns of a campaign; with no changes it does nothing. Its
 * compensation writes back the values those columns had.
 */
export const updateCampaignStep = createStep(
  updateCampaignStepId,
  async (changes: CampaignChanges | undefined, { container }) => {
    if (!changes) {
      return new StepResponse(void 0)
    }
    const service = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const columns = Object.keys(changes)
    const [before] = await service.listCampaigns({ id: changes.id }, { select: columns })
    const updated = await service.updateCampaigns(changes)
    return new StepResponse(updated, pick(before, columns) as CampaignChanges)
  },
  async (before, { container }) => {
    if (!before) {
      return
    }
    const service = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    await service.updateCampaigns(before)
  }
)

function pick(record: object, keys: string[]): Record<string, unknown> {
  const entries = Object.entries(record).filter(([key]) => keys.includes(key))
  return Object.fromEntries(entries)
}
