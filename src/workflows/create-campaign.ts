import {
  createWorkflow,
  transform,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { clearCampaignCacheStep } from "./steps/clear-campaign-cache"
import { createCampaignStep } from "./steps/create-campaign"
import { createCampaignStepsStep } from "./steps/create-campaign-steps"
import { createStepVariantsStep } from "./steps/create-step-variants"
import { getCampaignStep } from "./steps/get-campaign"
import { validateCampaignCreationStep } from "./steps/validate-campaign-creation"
import { validateCampaignTargetingStep } from "./steps/validate-campaign-targeting"
import { validateCampaignTemplatesStep } from "./steps/validate-campaign-templates"
import type { CampaignSettingsInput, CampaignStepInput } from "./update-campaign"
import {
  NEW_CAMPAIGN_SETTINGS,
  planCampaignCreation,
  planNewCampaignSteps,
  variantsWithStepIds,
} from "./utils/plan-campaign-update"

/** A new campaign: its name, its steps, and any setting that should not take its default. */
export type CreateCampaignWorkflowInput = CampaignSettingsInput & {
  /** The campaign's name in the admin. */
  name: string
  /** The ordered steps (positions 1..n in this order), each with at least one variant; ids are ignored. */
  steps: CampaignStepInput[]
}

export const createCampaignWorkflowId = "create-sms-campaign"
/**
 * This workflow creates an SMS recovery campaign with its steps and their variants. Everything
 * is validated before anything is written: SMS texts against the brand and opt-out rules, the
 * send window and cart-total range, and the regions, currencies, sales channels and customer
 * groups it targets against the store's records; a problem throws a `MedusaError` of type
 * `invalid_data` naming every field at fault (`Invalid request: region_ids.0: "reg_123" is not
 * a region`). Settings not given take a new campaign's defaults (switched off, priority 0, no
 * holdout, no targeting). Created switched on, it stamps `active_since`: carts idle before that
 * are never texted. The campaign cache of this process is cleared. This workflow is used by the
 * `POST /admin/sms-recovery/campaigns` API route.
 *
 * @example
 * const { result: campaign } = await createCampaignWorkflow(container)
 * .run({
 *   input: {
 *     name: "Big EU carts",
 *     priority: 10,
 *     holdout_percent: 10,
 *     currency_codes: ["eur"],
 *     min_cart_total: 100,
 *     steps: [
 *       {
 *         delay_minutes: 60,
 *         channel: "sms",
 *         expires_after_hours: 24,
 *         variants: [
 *           {
 *             name: "A",
 *             template: "{{brand}}: your {{top_item}} is waiting: {{link}} Reply STOP to opt out",
 *             weight: 1,
 *           },
 *         ],
 *       },
 *     ],
 *   }
 * })
 *
 * @summary
 *
 * Create an SMS recovery campaign with its steps and variants.
 */
export const createCampaignWorkflow = createWorkflow(
  createCampaignWorkflowId,
  (input: WorkflowData<CreateCampaignWorkflowInput>) => {
    validateCampaignCreationStep(input)
    const templates = transform({ input }, ({ input }) => ({
      opt_out_line: input.opt_out_line ?? NEW_CAMPAIGN_SETTINGS.opt_out_line,
      steps: input.steps,
    }))
    validateCampaignTemplatesStep(templates)
    validateCampaignTargetingStep(input)

    const columns = transform({ input }, ({ input }) => planCampaignCreation(input, new Date()))
    const created = createCampaignStep(columns)

    const plan = transform({ created, input }, ({ created, input }) => planNewCampaignSteps(created.id, input.steps))
    const addedSteps = createCampaignStepsStep(plan.addedSteps)
    const addedVariants = transform({ plan, addedSteps }, ({ plan, addedSteps }) =>
      variantsWithStepIds(plan, addedSteps)
    )
    createStepVariantsStep(addedVariants)
    clearCampaignCacheStep()

    const campaign = getCampaignStep(created.id).config({ name: "get-created-sms-campaign" })

    return new WorkflowResponse(campaign)
  }
)
