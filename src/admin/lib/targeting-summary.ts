import type { Campaign, TargetingOptions } from "./types"

const CUSTOMER_TYPES: Record<Campaign["customer_type"], string | null> = {
  any: null,
  new: "New customers",
  returning: "Returning customers",
}

type Targeting = Pick<
  Campaign,
  | "region_ids"
  | "currency_codes"
  | "sales_channel_ids"
  | "customer_group_ids"
  | "customer_type"
  | "min_cart_total"
  | "max_cart_total"
>

/**
 * One line per criterion a campaign targets, with the names the admin API gives (an id the
 * store no longer has is shown as is); empty for a campaign that takes any cart.
 */
export function targetingSummary(campaign: Targeting, options?: TargetingOptions): string[] {
  const named = (ids: string[], known: { id: string; name: string }[] | undefined) =>
    ids.map((id) => known?.find((option) => option.id === id)?.name ?? id).join(", ")
  const lines = [
    campaign.region_ids.length ? `Regions: ${named(campaign.region_ids, options?.regions)}` : null,
    campaign.currency_codes.length ? `Currencies: ${campaign.currency_codes.map((code) => code.toUpperCase()).join(", ")}` : null,
    campaign.sales_channel_ids.length ? `Sales channels: ${named(campaign.sales_channel_ids, options?.sales_channels)}` : null,
    campaign.customer_group_ids.length ? `Customer groups: ${named(campaign.customer_group_ids, options?.customer_groups)}` : null,
    CUSTOMER_TYPES[campaign.customer_type],
    cartTotalRange(campaign.min_cart_total, campaign.max_cart_total),
  ]
  return lines.filter((line): line is string => line !== null)
}

function cartTotalRange(min: number | null, max: number | null): string | null {
  if (min === null && max === null) {
    return null
  }
  if (max === null) {
    return `Cart total at least ${min}`
  }
  if (min === null) {
    return `Cart total at most ${max}`
  }
  return `Cart total ${min} to ${max}`
}
