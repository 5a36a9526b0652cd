import {
  createWorkflow,
  transform,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { clearCampaignCacheStep } from "./steps/clear-campaign-cache"
import { deleteCampaignStep } from "./steps/delete-campaign"
import { deleteCampaignStepsStep } from "./steps/delete-campaign-steps"
import { deleteStepVariantsStep } from "./steps/delete-step-variants"
import { getCampaignStep } from "./steps/get-campaign"
import { validateCampaignDeletionStep } from "./steps/validate-campaign-deletion"

/** The campaign to delete. */
export type DeleteCampaignWorkflowInput = {
  /** The campaign's ID. */
  id: string
}

/**
 * Held by every deletion, so two campaigns deleted at once cannot both find the other still
 * there and leave the store with none.
 */
const CAMPAIGN_DELETION_LOCK = "sms-campaign-deletion"

export const deleteCampaignWorkflowId = "delete-sms-campaign"
/**
 * This workflow deletes an SMS recovery campaign with its steps and variants (soft delete: the
 * recoveries, messages and attributions it leaves keep pointing at it, so past stats stay
 * whole). It is refused with a `MedusaError` of type `conflict` while a cart of the campaign has
 * a reminder scheduled (the message gives the count) and for the store's last campaign; an
 * unknown campaign throws one of type `not_found`. The campaign cache of this process is
 * cleared. This workflow is used by the `DELETE /admin/sms-recovery/campaigns/:id` API route.
 *
 * @example
 * const { result } = await deleteCampaignWorkflow(container)
 * .run({
 *   input: { id: "smscmp_123" }
 * })
 *
 * @summary
 *
 * Delete an SMS recovery campaign without pending reminders.
 */
export const deleteCampaignWorkflow = createWorkflow(
  deleteCampaignWorkflowId,
  (input: WorkflowData<DeleteCampaignWorkflowInput>) => {
    const lockKeys = transform({ input }, ({ input }) => [input.id, CAMPAIGN_DELETION_LOCK])
    acquireLockStep({ key: lockKeys, timeout: 2, ttl: 10 })

    const stored = getCampaignStep(input.id)
    const campaign = validateCampaignDeletionStep({ id: input.id, campaign: stored })

    const ids = transform({ campaign }, ({ campaign }) => ({
      steps: campaign.steps.map((step) => step.id),
      variants: campaign.steps.flatMap((step) => step.variants.map((variant) => variant.id)),
    }))
    deleteStepVariantsStep(ids.variants)
    deleteCampaignStepsStep(ids.steps)
    deleteCampaignStep(input.id)
    clearCampaignCacheStep()

    releaseLockStep({ key: lockKeys })

    return new WorkflowResponse({ id: input.id })
  }
)
