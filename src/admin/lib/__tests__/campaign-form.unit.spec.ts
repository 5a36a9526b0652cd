import {
  isDirty,
  move,
  newCampaignDraft,
  nextVariantName,
  splitMinutes,
  toCreate,
  toDraft,
  toUpdate,
  variantDelay,
  weightShares,
} from "../campaign-form"
import type { Campaign } from "../types"

const campaign: Campaign = {
  id: "smscmp_1",
  name: "Abandoned cart",
  enabled: false,
  priority: 0,
  holdout_percent: 0,
  region_ids: [],
  currency_codes: [],
  sales_channel_ids: [],
  customer_group_ids: [],
  customer_type: "any",
  abandon_after_minutes: 30,
  active_since: null,
  max_per_phone_per_24h: 2,
  quiet_hours_start: "09:00",
  quiet_hours_end: "20:00",
  click_window_hours: 120,
  view_window_hours: 24,
  min_cart_total: null,
  max_cart_total: null,
  double_opt_in_countries: ["US"],
  opt_out_line: "Reply STOP to opt out",
  segment_prices: {},
  created_at: "2026-11-01T00:00:00.000Z",
  updated_at: "2026-11-01T00:00:00.000Z",
  steps: [
    {
      id: "smsstep_1",
      position: 1,
      delay_minutes: 0,
      channel: "sms",
      expires_after_hours: 24,
      incentive_type: null,
      incentive_value: null,
      incentive_expiry_hours: null,
      variants: [
        { id: "smsvar_a", name: "A", template: "{{brand}}: {{link}} Reply STOP to opt out", weight: 1, delay_minutes: null },
      ],
    },
    {
      id: "smsstep_2",
      position: 2,
      delay_minutes: 1410,
      channel: "sms",
      expires_after_hours: 24,
      incentive_type: "percentage",
      incentive_value: 10,
      incentive_expiry_hours: 48,
      variants: [
        { id: "smsvar_b", name: "A", template: "{{brand}}: {{discount_code}} Reply STOP to opt out", weight: 3, delay_minutes: null },
        { id: "smsvar_c", name: "B", template: "{{brand}}: hurry {{link}} Reply STOP to opt out", weight: 1, delay_minutes: 2880 },
      ],
    },
  ],
} as Campaign

describe("campaign form", () => {
  it.each([
    [0, 0, "minutes"],
    [45, 45, "minutes"],
    [90, 90, "minutes"],
    [120, 2, "hours"],
    [1410, 1410, "minutes"],
    [1440, 1, "days"],
    [2880, 2, "days"],
  ])("shows %d minutes as %d %s", (minutes, delay, delayUnit) => {
    expect(splitMinutes(minutes)).toEqual({ delay, delayUnit })
  })

  it("turns the saved campaign back into the same update, so a fresh form is not dirty", () => {
    const update = toUpdate(toDraft(campaign))
    expect(update.steps).toEqual([
      {
        id: "smsstep_1",
        delay_minutes: 0,
        channel: "sms",
        expires_after_hours: 24,
        incentive: null,
        variants: [campaign.steps[0].variants[0]],
      },
      {
        id: "smsstep_2",
        delay_minutes: 1410,
        channel: "sms",
        expires_after_hours: 24,
        incentive: { type: "percentage", value: 10, expiry_hours: 48 },
        variants: campaign.steps[1].variants,
      },
    ])
    expect(update.min_cart_total).toBeNull()
    expect(isDirty(toDraft(campaign), campaign)).toBe(false)
  })

  it("sends a delay entered in days as minutes, free shipping without a value, and an empty minimum as null", () => {
    const draft = toDraft(campaign)
    draft.steps[1] = { ...draft.steps[1], delay: 2, delayUnit: "days", incentive: { type: "free_shipping", value: 10, expiry_hours: 24 } }
    draft.min_cart_total = "25.5"
    const update = toUpdate(draft)
    expect(update.steps![1]).toMatchObject({ delay_minutes: 2880, incentive: { type: "free_shipping", expiry_hours: 24 } })
    expect(update.min_cart_total).toBe(25.5)
    expect(isDirty(draft, campaign)).toBe(true)
  })

  it("shows a variant without its own delay as empty, and one with it in its largest whole unit", () => {
    expect(variantDelay(null)).toEqual({ delay: "", delayUnit: "minutes" })
    expect(variantDelay(0)).toEqual({ delay: "0", delayUnit: "minutes" })
    expect(variantDelay(2880)).toEqual({ delay: "2", delayUnit: "days" })
    expect(toDraft(campaign).steps[1].variants.map(({ delay, delayUnit }) => [delay, delayUnit])).toEqual([
      ["", "minutes"],
      ["2", "days"],
    ])
  })

  it("sends a variant delay in minutes, and an emptied one as null for the step's delay", () => {
    const draft = toDraft(campaign)
    draft.steps[0].variants[0] = { ...draft.steps[0].variants[0], delay: "12", delayUnit: "hours" }
    draft.steps[1].variants[1] = { ...draft.steps[1].variants[1], delay: " " }
    const update = toUpdate(draft)
    expect(update.steps![0].variants[0]).toMatchObject({ id: "smsvar_a", delay_minutes: 720 })
    expect(update.steps![1].variants[1]).toMatchObject({ id: "smsvar_c", delay_minutes: null })
    expect(isDirty(draft, campaign)).toBe(true)
  })

  it("sends priority, holdout and targeting, an emptied maximum as null, and marks the form dirty", () => {
    const draft = {
      ...toDraft(campaign),
      priority: 7,
      holdout_percent: 25,
      region_ids: ["reg_eu"],
      currency_codes: ["eur"],
      sales_channel_ids: ["sc_web"],
      customer_group_ids: ["cusgroup_vip"],
      customer_type: "returning" as const,
      min_cart_total: "20",
      max_cart_total: "  ",
    }
    expect(toUpdate(draft)).toMatchObject({
      priority: 7,
      holdout_percent: 25,
      region_ids: ["reg_eu"],
      currency_codes: ["eur"],
      sales_channel_ids: ["sc_web"],
      customer_group_ids: ["cusgroup_vip"],
      customer_type: "returning",
      min_cart_total: 20,
      max_cart_total: null,
    })
    expect(isDirty(draft, campaign)).toBe(true)
    expect(toDraft({ ...campaign, max_cart_total: 250 }).max_cart_total).toBe("250")
  })

  it("creates a campaign from the new-campaign form: off, no targeting, one SMS step without ids", () => {
    const draft = { ...newCampaignDraft(), name: "Weekend carts", holdout_percent: 10 }
    const body = toCreate(draft)
    expect(body).toMatchObject({
      name: "Weekend carts",
      enabled: false,
      priority: 0,
      holdout_percent: 10,
      region_ids: [],
      customer_type: "any",
      min_cart_total: null,
      max_cart_total: null,
      opt_out_line: "Reply STOP to opt out",
    })
    expect(body.steps).toEqual([
      {
        delay_minutes: 30,
        channel: "sms",
        expires_after_hours: 24,
        incentive: null,
        variants: [
          {
            name: "A",
            template: "{{brand}}: {{first_name}}, your cart is waiting {{link}} Reply STOP to opt out",
            weight: 1,
            delay_minutes: null,
          },
        ],
      },
    ])
  })

  it("shows weights as whole-percent shares", () => {
    expect(weightShares([{ weight: 3 }, { weight: 1 }])).toEqual([75, 25])
    expect(weightShares([{ weight: 1 }, { weight: 1 }, { weight: 1 }])).toEqual([33, 33, 33])
    expect(weightShares([{ weight: 0 }])).toEqual([0])
  })

  it("moves a step within bounds and names a new variant after the used ones", () => {
    expect(move(["a", "b", "c"], 0, 1)).toEqual(["b", "a", "c"])
    expect(move(["a", "b", "c"], 0, -1)).toEqual(["a", "b", "c"])
    expect(nextVariantName([{ name: "A" }, { name: "C" }])).toBe("B")
  })
})
