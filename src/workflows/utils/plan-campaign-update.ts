import { DEFAULT_CAMPAIGN } from "../../modules/sms_recovery/default-campaign"
import type { CreateCampaignWorkflowInput } from "../create-campaign"
import type {
  CampaignStepInput,
  CampaignStepIncentiveInput,
  UpdateCampaignWorkflowInput,
} from "../update-campaign"
import type { CampaignDetail, CampaignStepDetail } from "./campaign-detail"

/** The columns of a campaign an update may change. */
export type CampaignChanges = { id: string } & Partial<
  Omit<UpdateCampaignWorkflowInput, "id" | "steps"> & { active_since: Date }
>

/** The columns of a new campaign; those not given take the model's defaults. */
export type NewCampaign = Omit<CampaignChanges, "id">

/**
 * What a new campaign starts from where the admin gives nothing: the default campaign's send
 * window and opt-out line, written explicitly so the values checked are the values stored.
 */
export const NEW_CAMPAIGN_SETTINGS = {
  quiet_hours_start: DEFAULT_CAMPAIGN.quiet_hours_start,
  quiet_hours_end: DEFAULT_CAMPAIGN.quiet_hours_end,
  opt_out_line: DEFAULT_CAMPAIGN.opt_out_line,
  min_cart_total: null,
  max_cart_total: null,
}

export type CampaignStepColumns = Omit<CampaignStepDetail, "id" | "variants">

export type CampaignStepChanges = { id: string } & CampaignStepColumns

export type NewCampaignStep = { campaign_id: string } & CampaignStepColumns

export type StepVariantColumns = {
  name: string
  template: string
  weight: number
  delay_minutes: number | null
}

export type StepVariantChanges = { id: string } & StepVariantColumns

/** A variant to create, for the step that ends up at `step_position`. */
export type NewStepVariant = { step_position: number } & StepVariantColumns

export type NewStepVariantRow = { step_id: string } & StepVariantColumns

/** Every write an update needs, worked out before anything is written. */
export type CampaignUpdatePlan = {
  /** `undefined` when no column of the campaign itself changes. */
  campaign?: CampaignChanges
  /** Steps of the campaign missing from the new list, and their variants. */
  removedStepIds: string[]
  /** Variants missing from the new list, including those of removed steps. */
  removedVariantIds: string[]
  keptSteps: CampaignStepChanges[]
  addedSteps: NewCampaignStep[]
  keptVariants: StepVariantChanges[]
  addedVariants: NewStepVariant[]
}

/**
 * Works out the writes of an update. Steps and variants are matched by id, so the ones an
 * admin keeps keep their identity (messages reference them for A/B stats); positions are
 * 1..n in list order. Switching the campaign on stamps `active_since` with `now`. Assumes
 * the ids were checked against the campaign.
 */
export function planCampaignUpdate(
  campaign: Pick<CampaignDetail, "id" | "enabled" | "steps">,
  input: UpdateCampaignWorkflowInput,
  now: Date
): CampaignUpdatePlan {
  const plan: CampaignUpdatePlan = {
    campaign: campaignChanges(campaign, input, now),
    removedStepIds: [],
    removedVariantIds: [],
    keptSteps: [],
    addedSteps: [],
    keptVariants: [],
    addedVariants: [],
  }
  if (!input.steps) {
    return plan
  }
  const keptStepIds = new Set(input.steps.flatMap((step) => (step.id ? [step.id] : [])))
  const keptVariantIds = new Set(
    input.steps.flatMap((step) => step.variants.flatMap((variant) => variant.id ?? []))
  )
  for (const step of campaign.steps) {
    if (!keptStepIds.has(step.id)) {
      plan.removedStepIds.push(step.id)
    }
    for (const variant of step.variants) {
      if (!keptVariantIds.has(variant.id)) {
        plan.removedVariantIds.push(variant.id)
      }
    }
  }
  input.steps.forEach((step, index) => {
    const columns = stepColumns(step, index + 1)
    if (step.id) {
      plan.keptSteps.push({ id: step.id, ...columns })
    } else {
      plan.addedSteps.push({ campaign_id: campaign.id, ...columns })
    }
    for (const { id, name, template, weight, delay_minutes = null } of step.variants) {
      if (id) {
        plan.keptVariants.push({ id, name, template, weight, delay_minutes })
      } else {
        plan.addedVariants.push({ step_position: columns.position, name, template, weight, delay_minutes })
      }
    }
  })
  return plan
}

function campaignChanges(
  campaign: Pick<CampaignDetail, "id" | "enabled">,
  input: UpdateCampaignWorkflowInput,
  now: Date
): CampaignChanges | undefined {
  const { id, steps, ...fields } = input
  const given = Object.entries(fields).filter(([, value]) => value !== undefined)
  const changes: CampaignChanges = { ...Object.fromEntries(given), id: campaign.id }
  if (input.enabled === true && !campaign.enabled) {
    changes.active_since = now
  }
  return Object.keys(changes).length > 1 ? changes : undefined
}

/**
 * The columns of a new campaign: the settings given over {@link NEW_CAMPAIGN_SETTINGS}, and
 * `active_since` stamped with `now` when it starts switched on. Its steps are planned as an
 * update of the empty campaign once it exists.
 */
export function planCampaignCreation(input: CreateCampaignWorkflowInput, now: Date): NewCampaign {
  const { steps: _steps, ...settings } = input
  const given = Object.entries(settings).filter(([, value]) => value !== undefined)
  return {
    ...NEW_CAMPAIGN_SETTINGS,
    ...Object.fromEntries(given),
    ...(input.enabled ? { active_since: now } : {}),
  }
}

function stepColumns(step: CampaignStepInput, position: number): CampaignStepColumns {
  return {
    position,
    delay_minutes: step.delay_minutes,
    channel: step.channel,
    expires_after_hours: step.expires_after_hours,
    ...incentiveColumns(step.incentive),
  }
}

function incentiveColumns(
  incentive: CampaignStepIncentiveInput | null | undefined
): Pick<CampaignStepColumns, "incentive_type" | "incentive_value" | "incentive_expiry_hours"> {
  if (!incentive) {
    return { incentive_type: null, incentive_value: null, incentive_expiry_hours: null }
  }
  return {
    incentive_type: incentive.type,
    incentive_value: incentive.type === "free_shipping" ? null : incentive.value,
    incentive_expiry_hours: incentive.expiry_hours,
  }
}

/**
 * The writes for a new campaign's steps: every step and variant created, whatever ids the
 * input carries (an id of another campaign's step must not be taken for one to keep).
 */
export function planNewCampaignSteps(campaignId: string, steps: CampaignStepInput[]): CampaignUpdatePlan {
  const fresh = steps.map(({ id: _id, variants, ...step }) => ({
    ...step,
    variants: variants.map(({ id: _variantId, ...variant }) => variant),
  }))
  return planCampaignUpdate({ id: campaignId, enabled: false, steps: [] }, { id: campaignId, steps: fresh }, new Date())
}

/** The variants to create, each with the id of its step, once the new steps exist. */
export function variantsWithStepIds(
  plan: CampaignUpdatePlan,
  addedSteps: { id: string; position: number }[]
): NewStepVariantRow[] {
  const stepIdAt = new Map([...plan.keptSteps, ...addedSteps].map((step) => [step.position, step.id]))
  return plan.addedVariants.map(({ step_position, ...variant }) => {
    const step_id = stepIdAt.get(step_position)
    if (!step_id) {
      throw new Error(`No step at position ${step_position} for variant "${variant.name}"`)
    }
    return { ...variant, step_id }
  })
}
