import {
  byPriority,
  campaignForCart,
  isTargeted,
  matchesTargeting,
  targetingNeeds,
  type CartTargetingFacts,
  type TargetedCampaign,
} from "../campaign-targeting"

const campaign = (overrides: Partial<TargetedCampaign> = {}): TargetedCampaign => ({
  id: "smscmp_any",
  enabled: true,
  priority: 0,
  created_at: new Date("2026-01-01T00:00:00Z"),
  region_ids: [],
  currency_codes: [],
  sales_channel_ids: [],
  customer_group_ids: [],
  customer_type: "any",
  min_cart_total: null,
  max_cart_total: null,
  ...overrides,
})

const cart = (overrides: Partial<CartTargetingFacts> = {}): CartTargetingFacts => ({
  region_id: "reg_eu",
  currency_code: "eur",
  sales_channel_id: "sc_web",
  customer_group_ids: [],
  orders_count: 0,
  total: 50,
  ...overrides,
})

describe("matchesTargeting", () => {
  it("matches any cart when nothing is targeted", () => {
    expect(matchesTargeting(campaign(), cart())).toBe(true)
    expect(matchesTargeting(campaign(), cart({ region_id: null, sales_channel_id: null, total: 0 }))).toBe(true)
  })

  it.each([
    ["region", { region_ids: ["reg_eu", "reg_uk"] }, { region_id: "reg_uk" }, { region_id: "reg_us" }],
    ["currency", { currency_codes: ["eur"] }, { currency_code: "eur" }, { currency_code: "usd" }],
    ["sales channel", { sales_channel_ids: ["sc_web"] }, { sales_channel_id: "sc_web" }, { sales_channel_id: "sc_pos" }],
    ["customer group (any of)", { customer_group_ids: ["cg_vip", "cg_staff"] }, { customer_group_ids: ["cg_other", "cg_staff"] }, { customer_group_ids: ["cg_other"] }],
    ["new customers", { customer_type: "new" as const }, { orders_count: 0 }, { orders_count: 1 }],
    ["returning customers", { customer_type: "returning" as const }, { orders_count: 3 }, { orders_count: 0 }],
    ["minimum total (inclusive)", { min_cart_total: 40 }, { total: 40 }, { total: 39.99 }],
    ["maximum total (inclusive)", { max_cart_total: "100" }, { total: 100 }, { total: 100.01 }],
  ])("targets by %s", (_name, targeting, matching, other) => {
    const targeted = campaign(targeting as Partial<TargetedCampaign>)
    expect(matchesTargeting(targeted, cart(matching as Partial<CartTargetingFacts>))).toBe(true)
    expect(matchesTargeting(targeted, cart(other as Partial<CartTargetingFacts>))).toBe(false)
  })

  it("compares the cart's currency without regard to case", () => {
    expect(matchesTargeting(campaign({ currency_codes: ["usd"] }), cart({ currency_code: "USD" }))).toBe(true)
  })

  it("does not match a targeted region or channel when the cart has none", () => {
    expect(matchesTargeting(campaign({ region_ids: ["reg_eu"] }), cart({ region_id: null }))).toBe(false)
    expect(matchesTargeting(campaign({ sales_channel_ids: ["sc_web"] }), cart({ sales_channel_id: null }))).toBe(false)
  })

  it("needs every targeted criterion to match", () => {
    const targeted = campaign({ currency_codes: ["eur"], customer_type: "returning", min_cart_total: 20, max_cart_total: 80 })
    expect(matchesTargeting(targeted, cart({ orders_count: 1 }))).toBe(true)
    expect(matchesTargeting(targeted, cart({ orders_count: 0 }))).toBe(false)
    expect(matchesTargeting(targeted, cart({ orders_count: 1, currency_code: "usd" }))).toBe(false)
    expect(matchesTargeting(targeted, cart({ orders_count: 1, total: 90 }))).toBe(false)
    expect(matchesTargeting(targeted, cart({ orders_count: 1, total: 10 }))).toBe(false)
  })
})

describe("campaignForCart", () => {
  it("picks the highest priority among the campaigns that match", () => {
    const low = campaign({ id: "low", priority: 1 })
    const high = campaign({ id: "high", priority: 5, currency_codes: ["eur"] })
    const higherButUsd = campaign({ id: "usd", priority: 9, currency_codes: ["usd"] })
    expect(campaignForCart([low, high, higherButUsd], cart())?.id).toBe("high")
    expect(campaignForCart([low, high, higherButUsd], cart({ currency_code: "usd" }))?.id).toBe("usd")
    expect(campaignForCart([low, high, higherButUsd], cart({ currency_code: "gbp" }))?.id).toBe("low")
  })

  it("breaks a tie in priority by the older campaign", () => {
    const older = campaign({ id: "older", priority: 2, created_at: "2026-01-01T00:00:00Z" })
    const newer = campaign({ id: "newer", priority: 2, created_at: "2026-02-01T00:00:00Z" })
    expect(campaignForCart([newer, older], cart())?.id).toBe("older")
    expect(campaignForCart([older, newer], cart())?.id).toBe("older")
  })

  it("skips disabled campaigns", () => {
    const disabled = campaign({ id: "off", priority: 10, enabled: false })
    const enabled = campaign({ id: "on", priority: 0 })
    expect(campaignForCart([disabled, enabled], cart())?.id).toBe("on")
  })

  it("returns null when no campaign matches, or there is none", () => {
    expect(campaignForCart([campaign({ currency_codes: ["usd"] }), campaign({ max_cart_total: 10 })], cart())).toBeNull()
    expect(campaignForCart([], cart())).toBeNull()
  })

  it("leaves the list it is given in its order", () => {
    const campaigns = [campaign({ id: "a", priority: 0 }), campaign({ id: "b", priority: 1 })]
    campaignForCart(campaigns, cart())
    expect(campaigns.map((c) => c.id)).toEqual(["a", "b"])
  })
})

describe("byPriority", () => {
  it("orders by priority descending, then by creation ascending", () => {
    const sorted = [
      campaign({ id: "c", priority: 0, created_at: "2026-01-01T00:00:00Z" }),
      campaign({ id: "b", priority: 3, created_at: "2026-03-01T00:00:00Z" }),
      campaign({ id: "a", priority: 3, created_at: "2026-02-01T00:00:00Z" }),
    ].sort(byPriority)
    expect(sorted.map((c) => c.id)).toEqual(["a", "b", "c"])
  })
})

describe("isTargeted and targetingNeeds", () => {
  it("says whether a campaign narrows its carts at all", () => {
    expect(isTargeted(campaign())).toBe(false)
    expect(isTargeted(campaign({ customer_type: "new" }))).toBe(true)
    expect(isTargeted(campaign({ min_cart_total: 0 }))).toBe(true)
  })

  it("asks for regions, groups, orders and the total only when some campaign targets them", () => {
    const none = { region: false, customerGroups: false, orders: false, total: false }
    expect(targetingNeeds([campaign(), campaign({ currency_codes: ["eur"], sales_channel_ids: ["sc_web"] })])).toEqual(none)
    expect(targetingNeeds([campaign({ region_ids: ["reg_eu"] }), campaign()])).toEqual({ ...none, region: true })
    expect(targetingNeeds([campaign({ customer_group_ids: ["cg_vip"] })])).toEqual({ ...none, customerGroups: true })
    expect(targetingNeeds([campaign({ customer_type: "new" })])).toEqual({ ...none, orders: true })
    expect(targetingNeeds([campaign(), campaign({ max_cart_total: 10 })])).toEqual({ ...none, total: true })
  })
})
