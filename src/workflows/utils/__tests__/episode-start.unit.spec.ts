import type { MedusaContainer } from "@medusajs/framework/types"
import { isHeldOut } from "../../../lib/holdout"
import type { CampaignWithSteps } from "../../../modules/sms_recovery/types"
import { episodeChanges, isEpisodeStart, startEpisodes } from "../episode-start"
import type { ReminderRecovery } from "../reminder-types"

const SECRET = "a-test-secret-of-at-least-thirty-two-chars"

const campaign = (id: string, overrides: Partial<CampaignWithSteps> = {}) =>
  ({
    id,
    enabled: true,
    priority: 0,
    created_at: new Date("2026-01-01T00:00:00Z"),
    holdout_percent: 0,
    region_ids: [],
    currency_codes: [],
    sales_channel_ids: [],
    customer_group_ids: [],
    customer_type: "any",
    min_cart_total: null,
    max_cart_total: null,
    steps: [],
    ...overrides,
  }) as unknown as CampaignWithSteps

const recovery = (id: string, overrides: Partial<ReminderRecovery> = {}): ReminderRecovery => ({
  id,
  cart_id: `cart_${id}`,
  campaign_id: null,
  holdout: false,
  status: "tracking",
  next_step: 1,
  last_activity_at: new Date("2026-11-30T19:00:00Z"),
  claimed_by: "worker",
  send_attempts: 0,
  ...overrides,
})

/** A container whose query answers the cart lookup with `carts`, recording each call. */
function containerWith(carts: object[]) {
  const calls: { entity: string; fields: string[]; filters: { id: string[] } }[] = []
  const container = {
    resolve: () => ({
      graph: async (request: (typeof calls)[number]) => {
        calls.push(request)
        return { data: carts.filter((cart) => request.filters.id.includes((cart as { id: string }).id)) }
      },
    }),
  } as unknown as MedusaContainer
  return { container, calls }
}

describe("isEpisodeStart", () => {
  it("is a tracking recovery at its first step", () => {
    expect(isEpisodeStart(recovery("1"))).toBe(true)
    expect(isEpisodeStart(recovery("1", { next_step: 2 }))).toBe(false)
    expect(isEpisodeStart(recovery("1", { status: "active" }))).toBe(false)
  })
})

describe("episodeChanges", () => {
  it("writes the chosen campaign and holdout only for a recovery whose episode starts", () => {
    expect(episodeChanges(recovery("1", { campaign_id: "c1", holdout: true }))).toEqual({ campaign_id: "c1", holdout: true })
    expect(episodeChanges(recovery("1", { campaign_id: "c1", status: "active", next_step: 2 }))).toEqual({})
  })
})

describe("startEpisodes", () => {
  it("reads nothing with one enabled campaign that targets nothing, and holds out by the keyed hash", async () => {
    const { container, calls } = containerWith([])
    const only = campaign("c1", { holdout_percent: 50 })
    const recoveries = Array.from({ length: 20 }, (_, i) => recovery(String(i)))
    const { recoveries: started, unmatched } = await startEpisodes(container, recoveries, [only], SECRET)
    expect(calls).toEqual([])
    expect(unmatched.size).toBe(0)
    expect(started.map((r) => r.campaign_id)).toEqual(recoveries.map(() => "c1"))
    expect(started.map((r) => r.holdout)).toEqual(recoveries.map((r) => isHeldOut(SECRET, "c1", r.cart_id, 50)))
    expect(new Set(started.map((r) => r.holdout))).toEqual(new Set([true, false]))
  })

  it("leaves recoveries past their episode's start, and every recovery when no campaign is enabled", async () => {
    const { container, calls } = containerWith([])
    const started = recovery("1", { status: "active", next_step: 2, campaign_id: "old", holdout: true })
    const unstarted = recovery("2", { campaign_id: "off" })
    expect((await startEpisodes(container, [started], [campaign("c1")], SECRET)).recoveries).toEqual([started])
    expect((await startEpisodes(container, [unstarted], [], SECRET)).recoveries).toEqual([unstarted])
    expect(calls).toEqual([])
  })

  it("reads the starting carts' targeting facts in one query, only the fields some campaign targets", async () => {
    const { container, calls } = containerWith([
      { id: "cart_1", currency_code: "usd", sales_channel_id: "sc_web", customer: { orders: [{ status: "completed" }] } },
      { id: "cart_2", currency_code: "usd", sales_channel_id: "sc_web", customer: { orders: [{ status: "canceled" }] } },
      { id: "cart_3", currency_code: "eur", sales_channel_id: "sc_web", customer: null },
    ])
    const returning = campaign("returning", { priority: 2, customer_type: "returning" })
    const usd = campaign("usd", { priority: 1, currency_codes: ["usd"] })
    const { recoveries, unmatched } = await startEpisodes(
      container,
      [recovery("1"), recovery("2"), recovery("3"), recovery("4", { status: "active", next_step: 2, campaign_id: "usd" })],
      [returning, usd],
      SECRET
    )
    expect(calls).toEqual([
      {
        entity: "cart",
        fields: ["id", "currency_code", "sales_channel_id", "customer.orders.status"],
        filters: { id: ["cart_1", "cart_2", "cart_3"] },
      },
    ])
    expect(recoveries.map((r) => r.campaign_id)).toEqual(["returning", "usd", null, "usd"])
    expect([...unmatched]).toEqual(["3"])
  })

  it("asks for the region, the groups and the total only when a campaign targets them, and counts a cart that is gone as unmatched", async () => {
    const { container, calls } = containerWith([
      { id: "cart_1", currency_code: "usd", sales_channel_id: null, region_id: "reg_us", total: 80, customer: { groups: [{ id: "vip" }] } },
    ])
    const { recoveries, unmatched } = await startEpisodes(
      container,
      [recovery("1"), recovery("2")],
      [campaign("vip", { region_ids: ["reg_us"], customer_group_ids: ["vip"], max_cart_total: 100 }), campaign("other", { currency_codes: ["gbp"] })],
      SECRET
    )
    expect(calls[0].fields).toEqual(["id", "currency_code", "sales_channel_id", "region_id", "total", "customer.groups.id"])
    expect(recoveries.map((r) => r.campaign_id)).toEqual(["vip", null])
    expect([...unmatched]).toEqual(["2"])
  })
})
