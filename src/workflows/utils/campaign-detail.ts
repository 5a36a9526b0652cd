import { MedusaError } from "@medusajs/framework/utils"
import type { SmsRecoveryModuleService } from "../../modules/sms_recovery"
import type { INCENTIVE_TYPES } from "../../modules/sms_recovery/models/campaign-step"
import type { CampaignWithSteps, StepRow, VariantRow } from "../../modules/sms_recovery/types"
import { byStepPosition, byVariantName } from "../../lib/campaign-order"

export type IncentiveType = (typeof INCENTIVE_TYPES)[number]

/** A campaign's steps and their variants, loaded with it. */
const CAMPAIGN_RELATIONS = ["steps", "steps.variants"]

export type StepVariantDetail = VariantRow

/** A step as the API shows it: decimals as numbers. */
export type CampaignStepDetail = Omit<StepRow, "incentive_type" | "incentive_value" | "variants"> & {
  incentive_type: IncentiveType | null
  incentive_value: number | null
  /** Ordered by name. */
  variants: StepVariantDetail[]
}

/** A campaign as the API shows it: decimals as numbers, with its timestamps. */
export type CampaignDetail = Omit<CampaignWithSteps, "min_cart_total" | "max_cart_total" | "steps"> & {
  min_cart_total: number | null
  max_cart_total: number | null
  created_at: Date
  updated_at: Date
  /** Ordered by position. */
  steps: CampaignStepDetail[]
}

/** A decimal column as the service returns it: a number, a decimal string, or a BigNumber. */
type DecimalValue = number | string | { numeric?: number } | null | undefined

/** A campaign as the service returns it with {@link CAMPAIGN_RELATIONS}. */
type CampaignRecord = Omit<CampaignDetail, "min_cart_total" | "max_cart_total" | "steps"> & {
  min_cart_total: DecimalValue
  max_cart_total: DecimalValue
  steps: (Omit<CampaignStepDetail, "incentive_value" | "variants"> & {
    incentive_value: DecimalValue
    variants: StepVariantDetail[]
  })[]
}

/**
 * Campaigns with their steps and variants, in the order carts try them: highest priority
 * first, then oldest first. Read through the module service:
 * Query cannot reach this module's models (their service methods are named `…Campaigns`,
 * Query looks for `…SmsCampaigns`).
 */
export async function listCampaignDetails(
  service: SmsRecoveryModuleService,
  filters: { id?: string } = {}
): Promise<CampaignDetail[]> {
  const campaigns = await service.listCampaigns(filters, {
    relations: CAMPAIGN_RELATIONS,
    order: { priority: "DESC", created_at: "ASC" },
  })
  return (campaigns as unknown as CampaignRecord[]).map(toCampaignDetail)
}

/** One campaign with its steps and variants; `undefined` when there is none with that id. */
export async function retrieveCampaignDetail(
  service: SmsRecoveryModuleService,
  id: string
): Promise<CampaignDetail | undefined> {
  const [campaign] = await listCampaignDetails(service, { id })
  return campaign
}

/**
 * The response shape of a campaign: only the admin's fields, decimals as numbers, steps by
 * position and each step's variants by name.
 */
function toCampaignDetail(record: CampaignRecord): CampaignDetail {
  return {
    id: record.id,
    name: record.name,
    enabled: record.enabled,
    priority: record.priority,
    holdout_percent: record.holdout_percent,
    region_ids: record.region_ids,
    currency_codes: record.currency_codes,
    sales_channel_ids: record.sales_channel_ids,
    customer_group_ids: record.customer_group_ids,
    customer_type: record.customer_type,
    abandon_after_minutes: record.abandon_after_minutes,
    active_since: record.active_since ?? null,
    max_per_phone_per_24h: record.max_per_phone_per_24h,
    quiet_hours_start: record.quiet_hours_start,
    quiet_hours_end: record.quiet_hours_end,
    click_window_hours: record.click_window_hours,
    view_window_hours: record.view_window_hours,
    min_cart_total: toNumber(record.min_cart_total),
    max_cart_total: toNumber(record.max_cart_total),
    double_opt_in_countries: record.double_opt_in_countries,
    opt_out_line: record.opt_out_line,
    segment_prices: record.segment_prices ?? {},
    created_at: record.created_at,
    updated_at: record.updated_at,
    steps: [...(record.steps ?? [])]
      .sort(byStepPosition)
      .map((step) => ({
        id: step.id,
        position: step.position,
        delay_minutes: step.delay_minutes,
        channel: step.channel,
        expires_after_hours: step.expires_after_hours,
        incentive_type: step.incentive_type ?? null,
        incentive_value: toNumber(step.incentive_value),
        incentive_expiry_hours: step.incentive_expiry_hours ?? null,
        variants: [...(step.variants ?? [])]
          .sort(byVariantName)
          .map(({ id, name, template, weight, delay_minutes }) => ({
            id,
            name,
            template,
            weight,
            delay_minutes: delay_minutes ?? null,
          })),
      })),
  }
}

export function campaignNotFound(id: string): MedusaError {
  return new MedusaError(MedusaError.Types.NOT_FOUND, `SMS campaign with id "${id}" was not found`)
}

function toNumber(value: DecimalValue): number | null {
  if (value === null || value === undefined) {
    return null
  }
  if (typeof value === "object") {
    return value.numeric ?? null
  }
  return Number(value)
}
