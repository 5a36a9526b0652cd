import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { CampaignStepInput, UpdateCampaignWorkflowInput } from "../update-campaign"
import { campaignNotFound, type CampaignDetail } from "../utils/campaign-detail"
import { campaignSettingsProblems, delayProblems } from "../utils/campaign-settings-problems"

export type ValidateCampaignUpdateStepInput = {
  /** The stored campaign; `undefined` when no campaign has the input's id. */
  campaign: CampaignDetail | undefined
  input: UpdateCampaignWorkflowInput
}

export const validateCampaignUpdateStepId = "validate-sms-campaign-update"
/**
 * This step checks an update against the stored campaign: the campaign exists, the send window
 * still opens before it closes, the minimum cart total stays within the maximum, every step
 * and variant id belongs to it (a variant to its own step), and the steps' delays, variants'
 * own delays included, keep the steps in order. Returns the campaign.
 */
export const validateCampaignUpdateStep = createStep(
  validateCampaignUpdateStepId,
  async ({ campaign, input }: ValidateCampaignUpdateStepInput) => {
    if (!campaign) {
      throw campaignNotFound(input.id)
    }
    const problems = [
      ...campaignSettingsProblems(campaign, input),
      ...(input.steps ? idProblems(campaign, input.steps) : []),
      ...(input.steps ? delayProblems(input.steps) : []),
    ]
    if (problems.length > 0) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid request: ${problems.join("; ")}`)
    }
    return new StepResponse(campaign)
  }
)

function idProblems(campaign: CampaignDetail, steps: CampaignStepInput[]): string[] {
  const stored = new Map(campaign.steps.map((step) => [step.id, step]))
  return steps.flatMap((step, index) => {
    const path = `steps.${index}`
    const storedStep = step.id ? stored.get(step.id) : undefined
    if (step.id && !storedStep) {
      return [`${path}.id: campaign ${campaign.id} has no step "${step.id}"`]
    }
    const variantIds = new Set(storedStep?.variants.map((variant) => variant.id))
    return step.variants.flatMap((variant, variantIndex) =>
      variant.id && !variantIds.has(variant.id)
        ? [`${path}.variants.${variantIndex}.id: "${variant.id}" is not a variant of this step`]
        : []
    )
  })
}
