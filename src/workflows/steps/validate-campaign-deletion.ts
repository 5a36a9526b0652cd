import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE, type SmsRecoveryModuleService } from "../../modules/sms_recovery"
import { campaignNotFound, type CampaignDetail } from "../utils/campaign-detail"
import { countPendingReminders } from "../utils/pending-reminders"

export type ValidateCampaignDeletionStepInput = {
  /** The ID of the campaign to delete. */
  id: string
  /** The stored campaign; `undefined` when no campaign has the id. */
  campaign: CampaignDetail | undefined
}

export const validateCampaignDeletionStepId = "validate-sms-campaign-deletion"
/**
 * This step checks that a campaign may be deleted: it exists, no cart of it has a reminder
 * scheduled (deleting it would drop them unsent; switch it off first and let them end), and it
 * is not the store's last campaign. Returns the campaign.
 */
export const validateCampaignDeletionStep = createStep(
  validateCampaignDeletionStepId,
  async ({ id, campaign }: ValidateCampaignDeletionStepInput, { container }) => {
    if (!campaign) {
      throw campaignNotFound(id)
    }
    const service = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const pending = await countPendingReminders(service, id)
    if (pending > 0) {
      throw new MedusaError(
        MedusaError.Types.CONFLICT,
        `SMS campaign "${campaign.name}" has ${pending} cart${pending === 1 ? "" : "s"} with a reminder scheduled; switch it off and wait until none is left before deleting it`
      )
    }
    const [, campaigns] = await service.listAndCountCampaigns({}, { select: ["id"], take: 1 })
    if (campaigns <= 1) {
      throw new MedusaError(
        MedusaError.Types.CONFLICT,
        `SMS campaign "${campaign.name}" is the only campaign; create another before deleting it`
      )
    }
    return new StepResponse(campaign)
  }
)
