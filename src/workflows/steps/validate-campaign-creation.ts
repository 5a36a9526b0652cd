import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { CreateCampaignWorkflowInput } from "../create-campaign"
import { campaignSettingsProblems, delayProblems } from "../utils/campaign-settings-problems"
import { NEW_CAMPAIGN_SETTINGS } from "../utils/plan-campaign-update"

export const validateCampaignCreationStepId = "validate-sms-campaign-creation"
/**
 * This step checks a new campaign's rules across fields, with a new campaign's defaults for
 * the fields not given: the send window opens before it closes, the minimum cart total is
 * within the maximum, and the steps' delays, variants' own delays included, keep the steps in
 * order. Throws one error naming every field at fault.
 */
export const validateCampaignCreationStep = createStep(
  validateCampaignCreationStepId,
  async (input: CreateCampaignWorkflowInput) => {
    const problems = [...campaignSettingsProblems(NEW_CAMPAIGN_SETTINGS, input), ...delayProblems(input.steps)]
    if (problems.length > 0) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid request: ${problems.join("; ")}`)
    }
    return new StepResponse(void 0)
  }
)
