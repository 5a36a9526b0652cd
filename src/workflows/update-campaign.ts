import {
  createWorkflow,
  transform,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { clearCampaignCacheStep } from "./steps/clear-campaign-cache"
import { createCampaignStepsStep } from "./steps/create-campaign-steps"
import { createStepVariantsStep } from "./steps/create-step-variants"
import { deleteCampaignStepsStep } from "./steps/delete-campaign-steps"
import { deleteStepVariantsStep } from "./steps/delete-step-variants"
import { getCampaignStep } from "./steps/get-campaign"
import { updateCampaignStep } from "./steps/update-campaign"
import { updateCampaignStepsStep } from "./steps/update-campaign-steps"
import { updateStepVariantsStep } from "./steps/update-step-variants"
import { validateCampaignTemplatesStep } from "./steps/validate-campaign-templates"
import { validateCampaignTargetingStep } from "./steps/validate-campaign-targeting"
import { validateCampaignUpdateStep } from "./steps/validate-campaign-update"
import { planCampaignUpdate, variantsWithStepIds } from "./utils/plan-campaign-update"

/** An incentive created for the shopper when a step is sent. */
export type CampaignStepIncentiveInput =
  | {
      /** `percentage` off (value 1–100) or a `fixed` amount off in the cart's currency. */
      type: "percentage" | "fixed"
      /** The percentage, or the amount in major units of the cart's currency. */
      value: number
      /** How long the discount code stays valid after the text is sent. */
      expiry_hours: number
    }
  | {
      /** Free shipping on the recovered cart. */
      type: "free_shipping"
      /** How long the discount code stays valid after the text is sent. */
      expiry_hours: number
    }

/** One text of a step; several variants with weights make an A/B test. */
export type StepVariantInput = {
  /** The ID of a variant of this step to keep; omit it to add a variant. */
  id?: string
  /** Unique within the step, e.g. `A`. */
  name: string
  /** Handlebars template of the text. */
  template: string
  /** Relative share of carts that get this variant. */
  weight: number
  /**
   * Minutes after abandonment this variant is sent at, to test timing as well as text;
   * `null` or omitted sends it at the step's delay. Every variant of a step must come after
   * every variant of the previous step.
   */
  delay_minutes?: number | null
}

/** One step of the campaign, in the state it should end up in. */
export type CampaignStepInput = {
  /** The ID of a step of this campaign to keep; omit it to add a step. */
  id?: string
  /** Minutes after abandonment; strictly increasing along the steps. */
  delay_minutes: number
  /** `sms`, `email`, or a custom kind handed to the `customStep` hook. */
  channel: string
  /** A step not sent within this many hours of falling due is skipped. */
  expires_after_hours: number
  /** The incentive sent with the step; `null` or omitted for none. */
  incentive?: CampaignStepIncentiveInput | null
  /** The step's texts, each matched to a stored variant by `id`. */
  variants: StepVariantInput[]
}

/** Who a campaign is for: an empty list matches any cart, and every criterion given must match. */
export type CampaignTargetingInput = {
  /** The cart's region is one of these. */
  region_ids?: string[]
  /** The cart's currency is one of these lower-case ISO 4217 codes. */
  currency_codes?: string[]
  /** The cart's sales channel is one of these. */
  sales_channel_ids?: string[]
  /** The cart's customer belongs to at least one of these groups. */
  customer_group_ids?: string[]
  /** `new`: no completed order before the cart (guests included); `returning`: at least one; `any`. */
  customer_type?: "any" | "new" | "returning"
  /** Carts worth less, in major units of their currency, are not texted; `null` for no minimum. */
  min_cart_total?: number | null
  /** Carts worth more, in major units of their currency, do not match; `null` for no maximum. */
  max_cart_total?: number | null
}

/** A campaign's settings; on an update, omitted fields are left as they are. */
export type CampaignSettingsInput = CampaignTargetingInput & {
  /** The campaign's name in the admin. */
  name?: string
  /** Whether reminders are sent; switching it on sets `active_since` to now. */
  enabled?: boolean
  /** A cart joins the first enabled campaign it matches, highest priority first (ties: oldest first). */
  priority?: number
  /** Share of recoveries, 0–50, held out: scheduled and recorded like the others, never texted. */
  holdout_percent?: number
  /** Idle minutes after which a cart counts as abandoned. */
  abandon_after_minutes?: number
  /** Texts to one phone in any rolling 24 hours. */
  max_per_phone_per_24h?: number
  /** Start of the recipient-local send window, `HH:MM` 24-hour. */
  quiet_hours_start?: string
  /** End of the recipient-local send window, `HH:MM`, later than the start. */
  quiet_hours_end?: string
  /** Hours after a link click within which an order is attributed to the text. */
  click_window_hours?: number
  /** Hours after a delivered text within which an order without a click is attributed to it. */
  view_window_hours?: number
  /** Countries (ISO 3166-1 alpha-2) whose numbers must confirm by replying YES. */
  double_opt_in_countries?: string[]
  /** The line every SMS text must end with; must contain STOP. */
  opt_out_line?: string
  /**
   * Price of one billed segment per country of the number texted (`{ US: "0.0079" }`), in major
   * units of the store's default currency, for the texts' cost in the stats' net figures.
   */
  segment_prices?: Record<string, string>
}

/** The campaign to update and the changes; omitted fields are left as they are. */
export type UpdateCampaignWorkflowInput = CampaignSettingsInput & {
  /** The campaign's ID. */
  id: string
  /**
   * The complete, ordered list of steps (positions are assigned 1..n in this order). Steps and
   * variants carrying an `id` are updated, those without one created, and stored ones missing
   * from the list removed.
   */
  steps?: CampaignStepInput[]
}

export const updateCampaignWorkflowId = "update-sms-campaign"
/**
 * This workflow updates an SMS recovery campaign: its settings and, when `steps` is given, its
 * steps and their variants. Steps and variants are matched by ID so kept ones keep their
 * identity (messages reference them for A/B stats). Every change is validated before anything
 * is written, SMS texts against the brand and opt-out rules and targeted regions, currencies,
 * sales channels and customer groups against the store's records, so a bad template in one
 * step leaves the whole campaign unchanged; a problem throws a `MedusaError` of type `invalid_data`
 * naming every field at fault (`Invalid request: steps.1.variants.0.template: unknown
 * variables: coupon`), an unknown campaign one of type `not_found`. Switching the campaign on
 * sets `active_since`: carts idle before that are never texted. The campaign cache of this
 * process is cleared, so a sweep here sees the change at once; other instances see it within
 * the cache's five seconds. This workflow is used by the
 * `POST /admin/sms-recovery/campaigns/:id` API route.
 *
 * @example
 * const { result: campaign } = await updateCampaignWorkflow(container)
 * .run({
 *   input: {
 *     id: "smscmp_123",
 *     enabled: true,
 *     steps: [
 *       {
 *         id: "smsstep_123",
 *         delay_minutes: 30,
 *         channel: "sms",
 *         expires_after_hours: 24,
 *         variants: [
 *           {
 *             id: "smsvar_123",
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
 * Update an SMS recovery campaign with its steps and variants.
 */
export const updateCampaignWorkflow = createWorkflow(
  updateCampaignWorkflowId,
  (input: WorkflowData<UpdateCampaignWorkflowInput>) => {
    acquireLockStep({ key: input.id, timeout: 2, ttl: 10 })

    const campaign = getCampaignStep(input.id)

    const existing = validateCampaignUpdateStep({ campaign, input })
    const templates = transform({ existing, input }, ({ existing, input }) => ({
      opt_out_line: input.opt_out_line ?? existing.opt_out_line,
      steps: input.steps ?? existing.steps,
    }))
    validateCampaignTemplatesStep(templates)
    validateCampaignTargetingStep(input)

    const plan = transform({ existing, input }, ({ existing, input }) =>
      planCampaignUpdate(existing, input, new Date())
    )

    updateCampaignStep(plan.campaign)
    deleteStepVariantsStep(plan.removedVariantIds)
    deleteCampaignStepsStep(plan.removedStepIds)
    updateCampaignStepsStep(plan.keptSteps)
    const addedSteps = createCampaignStepsStep(plan.addedSteps)
    updateStepVariantsStep(plan.keptVariants)

    const addedVariants = transform({ plan, addedSteps }, ({ plan, addedSteps }) =>
      variantsWithStepIds(plan, addedSteps)
    )
    createStepVariantsStep(addedVariants)
    clearCampaignCacheStep()

    releaseLockStep({ key: input.id })

    const updated = getCampaignStep(input.id).config({ name: "get-updated-sms-campaign" })

    return new WorkflowResponse(updated)
  }
)
