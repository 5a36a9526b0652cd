import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { completeShopperCart, createShopperCart, setUpStore, type TestStore } from "../helpers/store"
import { useSinchSimulator } from "../helpers/sinch"
import { smsRecoveryService } from "../helpers/recovery"
import { createPromotion, createRecoveryText } from "../helpers/reporting"

jest.setTimeout(300_000)

const failure = { validateStatus: () => true }
const IN_RANGE = "from=2026-10-01&to=2026-10-03"

type Pg = ReturnType<typeof pgOf>
const pgOf = (container: MedusaContainer) => container.resolve(ContainerRegistrationKeys.PG_CONNECTION)

let sequence = 0

type ArmSeed = {
  campaignId: string
  holdout: boolean
  /** One recovery each; its phone, and whether its consent records the country. */
  phones: string[]
  /** Steps each recovery reached, with when (all at this instant, a step a day apart). */
  steps: number
  at: Date
  /** Index → credited order amount and currency. */
  orders?: Record<number, [string, string]>
  /** Index → segments of its step-1 text, which failed at hand-over (never sent). */
  failedAtHandOver?: Record<number, number>
  /** Segments of each sent text of step n. */
  segments?: Record<number, number>
}

/**
 * Recoveries of one arm written as the engine writes them: a step texted is a sent text with
 * its segments, a held-out step a `held_out` message without body, segments or `sent_at`,
 * placed at its `created_at`; an order is an attribution of the `click` model for a texted
 * recovery, `holdout` for a held-out one.
 */
async function seedArm(pg: Pg, seed: ArmSeed) {
  const recoveries = seed.phones.map((phone) => ({
    id: `smsrec_exp_${++sequence}`,
    cart_id: `cart_exp_${sequence}`,
    campaign_id: seed.campaignId,
    holdout: seed.holdout,
    phone,
    status: "exhausted",
    last_activity_at: seed.at,
    next_step: seed.steps + 1,
  }))
  await pg("sms_recovery").insert(recoveries)
  const messages = recoveries.flatMap((recovery, index) =>
    Array.from({ length: seed.steps }, (_, s) => {
      const step = s + 1
      const at = new Date(seed.at.getTime() + s * 86_400_000)
      const failed = step === 1 && seed.failedAtHandOver?.[index] !== undefined
      const common = {
        id: `smsmsg_exp_${++sequence}`,
        recovery_id: recovery.id,
        step_id: `smsstep_exp_${step}`,
        step_position: step,
        idempotency_key: `recovery:${recovery.id}:step:${step}`,
        to: recovery.phone,
        created_at: at,
      }
      if (seed.holdout) {
        return { ...common, status: "held_out", body: null, segments: null, sent_at: null }
      }
      if (failed) {
        return { ...common, status: "failed", body: "Your cart", segments: seed.failedAtHandOver![index], sent_at: null }
      }
      return { ...common, status: "delivered", body: "Your cart", segments: seed.segments?.[step] ?? 1, sent_at: at }
    })
  )
  await pg("sms_message").insert(messages)
  const attributions = Object.entries(seed.orders ?? {}).map(([index, [amount, currency]]) => {
    const recovery = recoveries[Number(index)]
    return {
      id: `smsattr_exp_${++sequence}`,
      order_id: `order_exp_${sequence}`,
      recovery_id: recovery.id,
      message_id: messages.find((message) => message.recovery_id === recovery.id)!.id,
      model: seed.holdout ? "holdout" : "click",
      amount,
      raw_amount: { value: amount, precision: 20 },
      currency_code: currency,
      attributed_at: new Date(seed.at.getTime() + 3_600_000),
    }
  })
  if (attributions.length) {
    await pg("sms_attribution").insert(attributions)
  }
  return recoveries
}

const us = (i: number) => `+1415555${String(1000 + i)}`
/** Numbers with no consent country: the stats read GB from the number itself. */
const gb = (i: number) => `+44740012${String(3400 + i)}`

/**
 * Campaign A ("Evening", 1–3 October 2026): 40 texted recoveries (30 US numbers, 10 GB), 30
 * held out. All reached step 1 on 1 October; texted 0–19 and held-out 0–9 also step 2 on
 * 2 October. Texted 20–27 ordered 50.00 USD each (8), held-out 26–29 did too (4). Texted 29's
 * step 1 failed at hand-over (3 segments, never sent, never billed). Step-1 texts are 1
 * segment, step-2 texts 2. Five more texted recoveries on 20 September, outside the range, all
 * of which ordered.
 *
 * Campaign B ("Big carts"): 5 texted recoveries (one ordered 20.00 USD, one 30.00 EUR), 2 held
 * out (one ordered 15.00 USD), and a real checkout: a cart texted a plugin code (10 % off),
 * ordered with it: the $49 shirt − 4.90 + $5 shipping = 49.10.
 */
async function seedExperiment(api: any, store: TestStore, container: MedusaContainer) {
  const sms = smsRecoveryService(container)
  const pg = pgOf(container)
  const evening = await sms.createCampaigns({ name: "Evening", holdout_percent: 20 })
  const bigCarts = await sms.createCampaigns({ name: "Big carts", holdout_percent: 10 })
  const october1 = new Date("2026-10-01T18:00:00Z")

  const fifty: [string, string] = ["50", "usd"]
  const texted = await seedArm(pg, {
    campaignId: evening.id,
    holdout: false,
    phones: [...Array.from({ length: 30 }, (_, i) => us(i)), ...Array.from({ length: 10 }, (_, i) => gb(i))],
    steps: 1,
    at: october1,
    orders: Object.fromEntries([20, 21, 22, 23, 24, 25, 26, 27].map((i) => [i, fifty])),
    failedAtHandOver: { 29: 3 },
  })
  // Step 2 for texted 0–19: seeded as a second arm of the same recoveries would double them,
  // so their step-2 texts are added to the recoveries above.
  await pg("sms_message").insert(
    texted.slice(0, 20).map((recovery) => ({
      id: `smsmsg_exp_${++sequence}`,
      recovery_id: recovery.id,
      step_id: "smsstep_exp_2",
      step_position: 2,
      idempotency_key: `recovery:${recovery.id}:step:2`,
      to: recovery.phone,
      status: "delivered",
      body: "Your cart",
      segments: 2,
      sent_at: new Date("2026-10-02T18:00:00Z"),
      created_at: new Date("2026-10-02T18:00:00Z"),
    }))
  )
  const heldOut = await seedArm(pg, {
    campaignId: evening.id,
    holdout: true,
    phones: Array.from({ length: 30 }, (_, i) => us(100 + i)),
    steps: 1,
    at: october1,
    orders: Object.fromEntries([26, 27, 28, 29].map((i) => [i, fifty])),
  })
  await pg("sms_message").insert(
    heldOut.slice(0, 10).map((recovery) => ({
      id: `smsmsg_exp_${++sequence}`,
      recovery_id: recovery.id,
      step_id: "smsstep_exp_2",
      step_position: 2,
      idempotency_key: `recovery:${recovery.id}:step:2`,
      to: recovery.phone,
      status: "held_out",
      created_at: new Date("2026-10-02T18:00:00Z"),
    }))
  )
  await seedArm(pg, {
    campaignId: evening.id,
    holdout: false,
    phones: Array.from({ length: 5 }, (_, i) => us(200 + i)),
    steps: 1,
    at: new Date("2026-09-20T18:00:00Z"),
    orders: Object.fromEntries([0, 1, 2, 3, 4].map((i) => [i, ["80", "usd"]])),
  })
  // US numbers' consents record their country; the GB ones have none.
  await pg("sms_consent").insert(
    Array.from({ length: 30 }, (_, i) => ({ id: `smscons_exp_${i}`, phone: us(i), status: "opted_in", country: "US" }))
  )

  await seedArm(pg, {
    campaignId: bigCarts.id,
    holdout: false,
    phones: Array.from({ length: 5 }, (_, i) => us(300 + i)),
    steps: 1,
    at: october1,
    orders: { 0: ["20", "usd"], 1: ["30", "eur"] },
  })
  await seedArm(pg, {
    campaignId: bigCarts.id,
    holdout: true,
    phones: Array.from({ length: 2 }, (_, i) => us(400 + i)),
    steps: 1,
    at: october1,
    orders: { 0: ["15", "usd"] },
  })

  const phone = "+14155550177"
  const cartId = await createShopperCart(api, store, { phone })
  const promotion = await createPromotion(container, "SMS10-EXPERIMENT", 10)
  const { recoveryId, message } = await createRecoveryText(container, {
    cartId,
    phone,
    campaignId: bigCarts.id,
    sentAt: october1,
    deliveredAt: october1,
    discountCode: "SMS10-EXPERIMENT",
  })
  await pg("sms_message").where({ id: message.id }).update({ promotion_id: promotion.id })
  await api.post(`/store/carts/${cartId}/promotions`, { promo_codes: ["SMS10-EXPERIMENT"] }, store.storeHeaders)
  const order = await completeShopperCart(api, store, cartId)
  // The text went out two months before this checkout, so the order is credited by hand,
  // as the attribution workflow credits one inside its window.
  await sms.createAttributionOnce({
    order_id: order.id,
    recovery_id: recoveryId,
    message_id: message.id,
    model: "click",
    amount: String(order.total),
    currency_code: "usd",
    attributed_at: new Date(),
  })
  return { evening, bigCarts, order }
}

describe("GET /admin/sms-recovery/experiments: treated against holdout", () => {
  useSinchSimulator()

  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      let store: TestStore
      let data: Awaited<ReturnType<typeof seedExperiment>>

      beforeEach(async () => {
        store = await setUpStore(api, getContainer())
        data = await seedExperiment(api, store, getContainer())
      })

      const experiments = async (query: string) => {
        const response = await api.get(`/admin/sms-recovery/experiments?${query}`, store.adminHeaders)
        expect(response.status).toBe(200)
        return response.data.experiments
      }
      const campaignIn = (result: any, id: string) => result.campaigns.find((c: any) => c.campaign_id === id)

      it("compares texted and held-out recoveries with the interval and p-values computed by hand", async () => {
        // Segment prices are in the store's default currency, made USD here (a new store's is EUR).
        const { data: stores } = await api.get("/admin/stores", store.adminHeaders)
        const currencies = await api.post(
          `/admin/stores/${stores.stores[0].id}`,
          { supported_currencies: [{ currency_code: "usd", is_default: true }, { currency_code: "eur" }] },
          store.adminHeaders
        )
        expect(currencies.status).toBe(200)
        const updated = await api.post(
          `/admin/sms-recovery/campaigns/${data.evening.id}`,
          { segment_prices: { US: "0.0079", GB: "0.04" } },
          store.adminHeaders
        )
        expect(updated.status).toBe(200)
        expect(updated.data.campaign.segment_prices).toEqual({ US: "0.0079", GB: "0.04" })

        const result = await experiments(IN_RANGE)
        const evening = campaignIn(result, data.evening.id)

        expect(result.minimum_sample).toEqual({ recoveries_per_arm: 30, expected_conversions_per_arm: 5 })
        expect(result.text_cost_currency).toBe("usd")
        /*
         * Every recovery reached step 1 in the range, so the campaign's comparison is step 1's.
         * Texted: 40 recoveries, 8 orders of 50 → 400 / 40 = 10.00 per recovery.
         * Held out: 30 recoveries, 4 orders of 50 → 200 / 30 = 6.666667 per recovery.
         * Conversion 0.2 against 0.133333: pooled 12/70 = 0.171429 (30 · 0.171429 = 5.14
         * expected held-out conversions: enough), SE = √(0.171429 · 0.828571 · (1/40 + 1/30))
         * = 0.091026, z = 0.066667 / 0.091026 = 0.732392, p = 0.463929; unpooled SE
         * √(0.2 · 0.8/40 + 0.133333 · 0.866667/30) = 0.088611, CI 0.066667 ± 1.959964 · 0.088611
         * = [−0.107007, 0.240340].
         * Revenue (Welch): s² texted (8 · 2500 − 400 · 10)/39 = 410.256410, held out
         * (4 · 2500 − 200 · 6.666667)/29 = 298.850575; SE = √(410.256410/40 + 298.850575/30)
         * = √(10.256410 + 9.961686) = 4.496454; df = 20.218096² / (10.256410²/39 + 9.961686²/29)
         * = 66.8016; t = 3.333333 / 4.496454 = 0.741325; t(0.975, 66.80) = 1.996117;
         * CI = 3.333333 ± 1.996117 · 4.496454 = [−5.642116, 12.308782]; p = 0.461095.
         */
        expect(evening).toMatchObject({
          name: "Evening",
          holdout_percent: 20,
          eligible_recoveries: 70,
          treated: {
            eligible_recoveries: 40,
            conversions: 8,
            conversion_rate: 0.2,
            revenue: [{ currency_code: "usd", total: "400.00", per_eligible_recovery: 10 }],
          },
          holdout: {
            eligible_recoveries: 30,
            conversions: 4,
            conversion_rate: 0.133333,
            revenue: [{ currency_code: "usd", total: "200.00", per_eligible_recovery: 6.666667 }],
          },
        })
        const incremental = evening.incremental
        expect(incremental.insufficient_sample).toBe(false)
        expect(incremental.conversion.difference).toBeCloseTo(0.066667, 5)
        expect(incremental.conversion.p_value).toBeCloseTo(0.463929, 5)
        expect(incremental.conversion.ci95[0]).toBeCloseTo(-0.107007, 5)
        expect(incremental.conversion.ci95[1]).toBeCloseTo(0.24034, 5)
        expect(incremental.revenue).toHaveLength(1)
        const [usd] = incremental.revenue
        expect(usd.currency_code).toBe("usd")
        expect(usd.incremental_per_recovery).toBeCloseTo(3.333333, 5)
        expect(usd.ci95[0]).toBeCloseTo(-5.642116, 5)
        expect(usd.ci95[1]).toBeCloseTo(12.308782, 5)
        expect(usd.p_value).toBeCloseTo(0.461095, 5)

        // Step 1 is the whole campaign; step 2 had 20 texted and 10 held out, none ordering:
        // under 30 held out, so no numbers.
        expect(evening.by_step.map((step: any) => step.step_position)).toEqual([1, 2])
        expect(evening.by_step[0].incremental).toEqual(incremental)
        expect(evening.by_step[1]).toMatchObject({
          treated: { eligible_recoveries: 20, conversions: 0 },
          holdout: { eligible_recoveries: 10, conversions: 0 },
          incremental: { insufficient_sample: true, reason: "too_few_holdout_recoveries" },
        })

        /*
         * Texts billed: step 1 to 29 US numbers (texted 29 failed at hand-over: its 3 segments
         * were never sent) and 10 GB ones, 1 segment each; step 2 to 20 US numbers, 2 each.
         * US 29 + 40 = 69 · 0.0079 = 0.5451; GB 10 · 0.04 = 0.40 (read from the numbers, their
         * consents have no country); 0.9451 → 0.95. Net: 400.00 − 0 − 0.95 = 399.05.
         */
        expect(evening.net).toEqual([
          { currency_code: "usd", attributed_revenue: "400.00", incentive_cost: "0.00", text_cost: "0.95", net: "399.05" },
        ])
      })

      it("compares campaigns side by side, with the plugin's codes and texts taken off", async () => {
        const result = await experiments(IN_RANGE)
        const big = campaignIn(result, data.bigCarts.id)
        expect(Number(data.order.total)).toBe(49.1)
        /*
         * Big carts: texted 6 (5 seeded, 1 real checkout), held out 2: under the minimum.
         * USD: 20.00 + 49.10 = 69.10, less the 4.90 its own code took off; no segment price.
         * EUR: 30.00.
         */
        expect(big).toMatchObject({
          name: "Big carts",
          eligible_recoveries: 8,
          treated: { eligible_recoveries: 6, conversions: 3 },
          holdout: { eligible_recoveries: 2, conversions: 1 },
          incremental: { insufficient_sample: true, reason: "too_few_holdout_recoveries" },
        })
        expect(big.treated.revenue).toEqual([
          { currency_code: "eur", total: "30.00", per_eligible_recovery: 5 },
          { currency_code: "usd", total: "69.10", per_eligible_recovery: 11.516667 },
        ])
        expect(big.net).toEqual([
          { currency_code: "eur", attributed_revenue: "30.00", incentive_cost: "0.00", text_cost: "0.00", net: "30.00" },
          { currency_code: "usd", attributed_revenue: "69.10", incentive_cost: "4.90", text_cost: "0.00", net: "64.20" },
        ])
        const evening = campaignIn(result, data.evening.id)
        expect(evening.eligible_recoveries).toBe(70)
        // Without segment prices the texts cost nothing.
        expect(evening.net).toEqual([
          { currency_code: "usd", attributed_revenue: "400.00", incentive_cost: "0.00", text_cost: "0.00", net: "400.00" },
        ])
        // Every campaign is listed, the default one (no recoveries) too.
        expect(result.campaigns.length).toBeGreaterThanOrEqual(3)
      })

      it("honours the range and the campaign filter", async () => {
        const september = await experiments("from=2026-09-15&to=2026-09-25")
        expect(campaignIn(september, data.evening.id)).toMatchObject({
          eligible_recoveries: 5,
          treated: {
            eligible_recoveries: 5,
            conversions: 5,
            revenue: [{ currency_code: "usd", total: "400.00", per_eligible_recovery: 80 }],
          },
          holdout: { eligible_recoveries: 0, conversions: 0, revenue: [] },
          incremental: { insufficient_sample: true, reason: "too_few_holdout_recoveries" },
        })
        expect(campaignIn(september, data.bigCarts.id)).toMatchObject({ eligible_recoveries: 0 })

        const one = await experiments(`${IN_RANGE}&campaign_id=${data.bigCarts.id}`)
        expect(one.campaigns.map((c: any) => c.campaign_id)).toEqual([data.bigCarts.id])
        expect(one.campaigns[0].eligible_recoveries).toBe(8)
      })

      it("answers 400 naming the field for a bad range, and 401 without an admin session", async () => {
        const bad = await api.get("/admin/sms-recovery/experiments?from=yesterday", { ...store.adminHeaders, ...failure })
        expect(bad.status).toBe(400)
        expect(bad.data.type).toBe("invalid_data")
        expect(bad.data.message).toContain("from")

        const anonymous = await api.get(`/admin/sms-recovery/experiments?${IN_RANGE}`, failure)
        expect(anonymous.status).toBe(401)
      })

      it("rejects a bad segment price with a 400 naming the field, and changes nothing", async () => {
        const post = (segment_prices: unknown) =>
          api.post(`/admin/sms-recovery/campaigns/${data.evening.id}`, { segment_prices }, { ...store.adminHeaders, ...failure })

        const lowerCase = await post({ us: "0.01" })
        expect(lowerCase.status).toBe(400)
        expect(lowerCase.data.message).toContain("segment_prices.us")
        const negative = await post({ US: "-0.01" })
        expect(negative.status).toBe(400)
        expect(negative.data.message).toContain("segment_prices.US")
        const number = await post({ US: 0.01 })
        expect(number.status).toBe(400)
        expect(number.data.message).toContain("segment_prices.US")
        const notAnObject = await post(["US", "0.01"])
        expect(notAnObject.status).toBe(400)
        expect(notAnObject.data.message).toContain("segment_prices")

        const campaign = await api.get(`/admin/sms-recovery/campaigns/${data.evening.id}`, store.adminHeaders)
        expect(campaign.data.campaign.segment_prices).toEqual({})
      })
    },
  })
})
