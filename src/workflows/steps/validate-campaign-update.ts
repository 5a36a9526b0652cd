import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { stepTimingProblems } from "../../lib/recovery-schedule"
import type { CampaignStepInput, UpdateCampaignWorkflowInput } from "../update-campaign"
import { campaignNotFound, type CampaignDetail } from "../utils/campaign-detail"

export type ValidateCampaignUpdateStepInput = {
  /** The stored campaign; `undefined` when no campaign has the input's id. */
  campaign: CampaignDetail | undefined
  input: UpdateCampaignWorkflowInput
}

export const validateCampaignUpdateStepId = "validate-sms-campaign-update"
/**
 * This step checks an update against the stored campaign: the campaign exists, the send window
 * still opens before it closes, every step and variant id belongs to it (a variant to its own
 * step), and the steps' delays, variants' own delays included, keep the steps in order.
 * Returns the campaign.
 */
export const validateCampaignUpdateStep = createStep(
  validateCampaignUpdateStepId,
  async ({ campaign, input }: ValidateCampaignUpdateStepInput) => {
    if (!campaign) {
      throw campaignNotFound(input.id)
    }
    const problems = [
      ...sendWindowProblems(campaign, input),
      ...(input.steps ? idProblems(campaign, input.steps) : []),
      ...(input.steps ? delayProblems(input.steps) : []),
    ]
    if (problems.length > 0) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid request: ${problems.join("; ")}`)
    }
    return new StepResponse(campaign)
  }
)

/** Windows never span midnight, so the start must come first. */
function sendWindowProblems(campaign: CampaignDetail, input: UpdateCampaignWorkflowInput): string[] {
  const start = input.quiet_hours_start ?? campaign.quiet_hours_start
  const end = input.quiet_hours_end ?? campaign.quiet_hours_end
  if (start < end) {
    return []
  }
  return input.quiet_hours_end === undefined
    ? [`quiet_hours_start: must be earlier than quiet_hours_end (${end}); the window cannot span midnight`]
    : [`quiet_hours_end: must be later than quiet_hours_start (${start}); the window cannot span midnight`]
}

/** Delays are whole minutes, and no step can fall due before the one it follows. */
function delayProblems(steps: CampaignStepInput[]): string[] {
  const malformed = steps.flatMap((step, index) => [
    ...(isMinutes(step.delay_minutes) ? [] : [`steps.${index}.delay_minutes: must be a whole number of minutes, 0 or more`]),
    ...step.variants.flatMap((variant, variantIndex) =>
      variant.delay_minutes === null || variant.delay_minutes === undefined || isMinutes(variant.delay_minutes)
        ? []
        : [`steps.${index}.variants.${variantIndex}.delay_minutes: must be a whole number of minutes, 0 or more, or null for the step's delay`]
    ),
  ])
  if (malformed.length) {
    return malformed
  }
  return stepTimingProblems(steps).map((problem) => `steps.${problem.path.join(".")}: ${problem.message}`)
}

function isMinutes(value: unknown): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= 0
}

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
