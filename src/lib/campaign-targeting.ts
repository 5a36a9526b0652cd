/** Who a campaign is for: an empty list matches any cart; every non-empty criterion must match. */
export type CampaignTargeting = {
  region_ids: readonly string[]
  /** Lower-case ISO 4217 codes. */
  currency_codes: readonly string[]
  sales_channel_ids: readonly string[]
  /** The cart's customer belongs to any of these groups. */
  customer_group_ids: readonly string[]
  customer_type: "any" | "new" | "returning"
  /** In the cart's currency, major units. */
  min_cart_total: number | string | null
  max_cart_total: number | string | null
}

/** A campaign as the choice among several sees it. */
export type TargetedCampaign = CampaignTargeting & {
  id: string
  enabled: boolean
  priority: number
  created_at: Date | string
}

/** What targeting reads of a cart. */
export type CartTargetingFacts = {
  /** `null` when no enabled campaign targets regions (it is then not read). */
  region_id: string | null
  currency_code: string
  sales_channel_id: string | null
  /** The groups of the cart's customer; empty for a guest, or when no campaign targets groups. */
  customer_group_ids: readonly string[]
  /** The customer's completed orders (the `orders_count` variable); 0 for a guest without any. */
  orders_count: number
  /** Major units of the cart's currency. */
  total: number
}

/** The costlier facts that some campaign's targeting needs read: each only when one targets it. */
export type TargetingNeeds = { region: boolean; customerGroups: boolean; orders: boolean; total: boolean }

/** Highest priority first; among equals, the older campaign first. */
export function byPriority(a: TargetedCampaign, b: TargetedCampaign): number {
  return b.priority - a.priority || new Date(a.created_at).getTime() - new Date(b.created_at).getTime()
}

/** Whether a campaign narrows its carts down at all. */
export function isTargeted(targeting: CampaignTargeting): boolean {
  return (
    targeting.region_ids.length > 0 ||
    targeting.currency_codes.length > 0 ||
    targeting.sales_channel_ids.length > 0 ||
    targeting.customer_group_ids.length > 0 ||
    targeting.customer_type !== "any" ||
    targeting.min_cart_total !== null ||
    targeting.max_cart_total !== null
  )
}

/** Which costlier facts must be read for these campaigns: none when no campaign asks for them. */
export function targetingNeeds(campaigns: readonly CampaignTargeting[]): TargetingNeeds {
  return {
    region: campaigns.some((campaign) => campaign.region_ids.length > 0),
    customerGroups: campaigns.some((campaign) => campaign.customer_group_ids.length > 0),
    orders: campaigns.some((campaign) => campaign.customer_type !== "any"),
    total: campaigns.some((campaign) => campaign.min_cart_total !== null || campaign.max_cart_total !== null),
  }
}

const anyOrIncludes = (allowed: readonly string[], value: string | null) =>
  !allowed.length || (value !== null && allowed.includes(value))

/** Whether a cart matches every criterion of a campaign's targeting. */
export function matchesTargeting(targeting: CampaignTargeting, cart: CartTargetingFacts): boolean {
  const returning = cart.orders_count > 0
  return (
    anyOrIncludes(targeting.region_ids, cart.region_id) &&
    anyOrIncludes(targeting.currency_codes, cart.currency_code.toLowerCase()) &&
    anyOrIncludes(targeting.sales_channel_ids, cart.sales_channel_id) &&
    (!targeting.customer_group_ids.length ||
      cart.customer_group_ids.some((group) => targeting.customer_group_ids.includes(group))) &&
    (targeting.customer_type === "any" || (targeting.customer_type === "returning") === returning) &&
    (targeting.min_cart_total === null || cart.total >= Number(targeting.min_cart_total)) &&
    (targeting.max_cart_total === null || cart.total <= Number(targeting.max_cart_total))
  )
}

/**
 * The campaign a cart belongs to: the first enabled one, by priority, whose targeting it
 * matches; `null` when none does.
 */
export function campaignForCart<T extends TargetedCampaign>(campaigns: readonly T[], cart: CartTargetingFacts): T | null {
  return (
    [...campaigns]
      .filter((campaign) => campaign.enabled)
      .sort(byPriority)
      .find((campaign) => matchesTargeting(campaign, cart)) ?? null
  )
}
