import { model } from "@medusajs/framework/utils"
import { CampaignStep } from "./campaign-step"

/**
 * A cart-recovery campaign: when a cart counts as abandoned, who may be texted how often and
 * when, how orders are attributed, and the ordered steps. Edited in the admin, so changing it
 * needs no redeploy.
 */
export const CUSTOMER_TYPES = ["any", "new", "returning"] as const

export const Campaign = model.define("sms_campaign", {
  id: model.id({ prefix: "smscmp" }).primaryKey(),
  name: model.text(),
  enabled: model.boolean().default(false),
  /** A cart joins the first enabled campaign, highest priority first, whose targeting it matches. */
  priority: model.number().default(0),
  /** Share of recoveries (0-50) held out: scheduled and recorded like the others, never texted. */
  holdout_percent: model.number().default(0),
  /** Targeting: an empty list matches any cart; every non-empty one must match. */
  region_ids: model.array().default([]),
  /** Lower-case ISO 4217 codes. */
  currency_codes: model.array().default([]),
  sales_channel_ids: model.array().default([]),
  /** The cart's customer belongs to any of these groups. */
  customer_group_ids: model.array().default([]),
  /** `returning`: the customer has a completed order before this cart; guests without one are new. */
  customer_type: model.enum([...CUSTOMER_TYPES]).default("any"),
  /** Idle time after which a cart counts as abandoned; step delays count from then. */
  abandon_after_minutes: model.number().default(30),
  /** Set each time the campaign is switched on: carts idle before it are never texted. */
  active_since: model.dateTime().nullable(),
  /** Texts to one phone across all recoveries in any rolling 24 hours. */
  max_per_phone_per_24h: model.number().default(2),
  /** Recipient-local send window, "HH:MM" 24-hour; outside it texts wait for the opening. */
  quiet_hours_start: model.text().default("09:00"),
  quiet_hours_end: model.text().default("20:00"),
  /** An order within this long of a click on a reminder's link is attributed to it. */
  click_window_hours: model.number().default(120),
  /** Without a click, an order within this long of a delivered reminder is attributed to it. */
  view_window_hours: model.number().default(24),
  /** Carts worth less (in the cart's currency, major units) are not texted. */
  min_cart_total: model.bigNumber().nullable(),
  /** Carts worth more (in the cart's currency, major units) do not match the campaign. */
  max_cart_total: model.bigNumber().nullable(),
  /** Countries whose numbers must confirm by replying YES before any reminder. */
  double_opt_in_countries: model.array().default(["US"]),
  /** The opt-out line every marketing text must end with. */
  opt_out_line: model.text().default("Reply STOP to opt out"),
  /**
   * Price of one billed segment per country of the number (ISO 3166-1 alpha-2 → decimal
   * string, major units of the store's default currency); a country left out costs nothing.
   */
  segment_prices: model.json().default({}),
  steps: model.hasMany(() => CampaignStep, { mappedBy: "campaign" }),
})
