import type { CampaignCreate, CampaignUpdate } from "../hooks/api"
import type { Campaign } from "./types"

export const DELAY_UNITS = { minutes: 1, hours: 60, days: 1440 } as const
export type DelayUnit = keyof typeof DELAY_UNITS
export type IncentiveKind = "none" | "percentage" | "fixed" | "free_shipping"
export type CustomerType = Campaign["customer_type"]

export type VariantDraft = {
  key: string
  id?: string
  name: string
  template: string
  weight: number
  /** The variant's own delay after abandonment, in `delayUnit`; empty to send at the step's. */
  delay: string
  delayUnit: DelayUnit
}

export type StepDraft = {
  key: string
  id?: string
  /** The step's position as saved, for a preview of its incentive; unset for a new step. */
  savedPosition?: number
  delay: number
  delayUnit: DelayUnit
  channel: string
  expires_after_hours: number
  incentive: { type: IncentiveKind; value: number; expiry_hours: number }
  variants: VariantDraft[]
}

export type CampaignDraft = {
  name: string
  enabled: boolean
  priority: number
  holdout_percent: number
  region_ids: string[]
  currency_codes: string[]
  sales_channel_ids: string[]
  customer_group_ids: string[]
  customer_type: CustomerType
  abandon_after_minutes: number
  max_per_phone_per_24h: number
  quiet_hours_start: string
  quiet_hours_end: string
  click_window_hours: number
  view_window_hours: number
  /** Empty for no minimum. */
  min_cart_total: string
  /** Empty for no maximum. */
  max_cart_total: string
  double_opt_in_countries: string[]
  opt_out_line: string
  /** Country code → price of one billed segment, as typed. */
  segment_prices: Record<string, string>
  steps: StepDraft[]
}

let nextKey = 0
/** React keys for rows the admin adds, reorders and removes before they have an id. */
export const newKey = () => `row-${++nextKey}`

/** The largest unit the minutes are a whole number of: 1440 → 1 day, 90 → 90 minutes. */
export function splitMinutes(minutes: number): { delay: number; delayUnit: DelayUnit } {
  if (minutes > 0 && minutes % DELAY_UNITS.days === 0) {
    return { delay: minutes / DELAY_UNITS.days, delayUnit: "days" }
  }
  if (minutes > 0 && minutes % DELAY_UNITS.hours === 0) {
    return { delay: minutes / DELAY_UNITS.hours, delayUnit: "hours" }
  }
  return { delay: minutes, delayUnit: "minutes" }
}

export function toDraft(campaign: Campaign): CampaignDraft {
  return {
    name: campaign.name,
    enabled: campaign.enabled,
    priority: campaign.priority,
    holdout_percent: campaign.holdout_percent,
    region_ids: [...campaign.region_ids],
    currency_codes: [...campaign.currency_codes],
    sales_channel_ids: [...campaign.sales_channel_ids],
    customer_group_ids: [...campaign.customer_group_ids],
    customer_type: campaign.customer_type,
    abandon_after_minutes: campaign.abandon_after_minutes,
    max_per_phone_per_24h: campaign.max_per_phone_per_24h,
    quiet_hours_start: campaign.quiet_hours_start,
    quiet_hours_end: campaign.quiet_hours_end,
    click_window_hours: campaign.click_window_hours,
    view_window_hours: campaign.view_window_hours,
    min_cart_total: optionalAmount(campaign.min_cart_total),
    max_cart_total: optionalAmount(campaign.max_cart_total),
    double_opt_in_countries: [...campaign.double_opt_in_countries],
    opt_out_line: campaign.opt_out_line,
    segment_prices: { ...campaign.segment_prices },
    steps: campaign.steps.map((step) => ({
      key: step.id,
      id: step.id,
      savedPosition: step.position,
      ...splitMinutes(step.delay_minutes),
      channel: step.channel,
      expires_after_hours: step.expires_after_hours,
      incentive: {
        type: step.incentive_type ?? "none",
        value: step.incentive_value ?? 10,
        expiry_hours: step.incentive_expiry_hours ?? 48,
      },
      variants: step.variants.map((variant) => ({
        key: variant.id,
        id: variant.id,
        name: variant.name,
        template: variant.template,
        weight: variant.weight,
        ...variantDelay(variant.delay_minutes),
      })),
    })),
  }
}

/** The one request Save sends: every field, steps in the order shown. */
export function toUpdate(draft: CampaignDraft): CampaignUpdate {
  const { steps, min_cart_total, max_cart_total, ...fields } = draft
  return {
    ...fields,
    min_cart_total: toAmount(min_cart_total),
    max_cart_total: toAmount(max_cart_total),
    steps: steps.map((step) => ({
      ...(step.id ? { id: step.id } : {}),
      delay_minutes: step.delay * DELAY_UNITS[step.delayUnit],
      channel: step.channel,
      expires_after_hours: step.expires_after_hours,
      incentive: toIncentive(step.incentive),
      variants: step.variants.map(({ key: _key, delay, delayUnit, ...variant }) => ({
        ...variant,
        delay_minutes: delay.trim() === "" ? null : Number(delay) * DELAY_UNITS[delayUnit],
      })),
    })),
  }
}

/** The request Create sends: the same fields as a save, steps without ids. */
export function toCreate(draft: CampaignDraft): CampaignCreate {
  const { steps, ...fields } = toUpdate(draft)
  return { ...fields, name: draft.name, steps: steps ?? [] }
}

/**
 * The form of a campaign not yet created: switched off, no targeting, the default campaign's
 * window and attribution, and one step the admin edits.
 */
export function newCampaignDraft(): CampaignDraft {
  const optOutLine = "Reply STOP to opt out"
  return {
    name: "",
    enabled: false,
    priority: 0,
    holdout_percent: 0,
    region_ids: [],
    currency_codes: [],
    sales_channel_ids: [],
    customer_group_ids: [],
    customer_type: "any",
    abandon_after_minutes: 30,
    max_per_phone_per_24h: 2,
    quiet_hours_start: "09:00",
    quiet_hours_end: "20:00",
    click_window_hours: 120,
    view_window_hours: 24,
    min_cart_total: "",
    max_cart_total: "",
    double_opt_in_countries: ["US"],
    opt_out_line: optOutLine,
    segment_prices: {},
    steps: [
      {
        key: newKey(),
        delay: 30,
        delayUnit: "minutes",
        channel: "sms",
        expires_after_hours: 24,
        incentive: { type: "none", value: 10, expiry_hours: 48 },
        variants: [
          {
            key: newKey(),
            name: "A",
            weight: 1,
            template: `{{brand}}: {{first_name}}, your cart is waiting {{link}} ${optOutLine}`,
            delay: "",
            delayUnit: "minutes",
          },
        ],
      },
    ],
  }
}

function optionalAmount(amount: number | null): string {
  return amount === null ? "" : String(amount)
}

/** An amount field: empty for none. */
function toAmount(amount: string): number | null {
  return amount.trim() === "" ? null : Number(amount)
}

function toIncentive(incentive: StepDraft["incentive"]): NonNullable<CampaignUpdate["steps"]>[number]["incentive"] {
  switch (incentive.type) {
    case "none":
      return null
    case "free_shipping":
      return { type: "free_shipping", expiry_hours: incentive.expiry_hours }
    default:
      return { type: incentive.type, value: incentive.value, expiry_hours: incentive.expiry_hours }
  }
}

/** A variant's own delay as the form shows it: empty, in minutes, for one at the step's delay. */
export function variantDelay(minutes: number | null): Pick<VariantDraft, "delay" | "delayUnit"> {
  if (minutes === null) {
    return { delay: "", delayUnit: "minutes" }
  }
  const { delay, delayUnit } = splitMinutes(minutes)
  return { delay: String(delay), delayUnit }
}

/** Each variant's share of the step's carts, in whole percent. */
export function weightShares(variants: { weight: number }[]): number[] {
  const total = variants.reduce((sum, variant) => sum + (variant.weight > 0 ? variant.weight : 0), 0)
  return variants.map((variant) => (total > 0 && variant.weight > 0 ? Math.round((variant.weight / total) * 100) : 0))
}

export function isDirty(draft: CampaignDraft, saved: Campaign): boolean {
  return JSON.stringify(toUpdate(draft)) !== JSON.stringify(toUpdate(toDraft(saved)))
}

/** Moves an item one place up (-1) or down (+1). */
export function move<T>(items: T[], index: number, by: -1 | 1): T[] {
  const target = index + by
  if (target < 0 || target >= items.length) {
    return items
  }
  const next = [...items]
  ;[next[index], next[target]] = [next[target], next[index]]
  return next
}

/** The next unused variant name: A, B, C… */
export function nextVariantName(variants: { name: string }[]): string {
  const used = new Set(variants.map((variant) => variant.name))
  return "ABCDEFGHIJKLMNOPQRSTUVWXYZ".split("").find((name) => !used.has(name)) ?? `V${variants.length + 1}`
}
