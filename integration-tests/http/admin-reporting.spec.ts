import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createShopperCart, setUpStore, type TestStore } from "../helpers/store"
import { useSinchSimulator } from "../helpers/sinch"
import { smsRecoveryService } from "../helpers/recovery"
import { createRecoveryText } from "../helpers/reporting"

jest.setTimeout(240_000)

const P1 = "+14155550101"
const P2 = "+14155550102"
const P3 = "+447700900123"
const P5 = "+14155550105"
const at = (iso: string) => new Date(iso)
const failure = { validateStatus: () => true }

type Fixture = Awaited<ReturnType<typeof seedReportingData>>

/**
 * One campaign with step 1 (variants A, B) and step 2 (variant C), texts over three days
 * (1–3 October 2026), one text the day before, one of another campaign, attributions in two
 * currencies, and opt-outs in and out of the range. The expected numbers below are counted
 * by hand from this table.
 *
 * | text | recovery | step/variant | sent            | status        | clicks | segments |
 * | m1   | R1       | 1/A          | 10-01 10:00     | delivered     | 3      | 1        |
 * | m2   | R1       | 2/C          | 10-02 10:00     | delivered     | 0      | 2        |
 * | m3   | R2       | 1/B          | 10-01 12:00     | failed        | 0      | 1        |
 * | m4   | R2       | 2/C          | 10-03 09:00     | sent          | 1      | 1        |
 * | m5   | R3       | 1/A          | 10-02 15:00     | undeliverable | 0      | 1        |
 * | m6   | R3       | 1/B          | (created 10-03) | queued        | 0      | 1        |
 * | m7   | R1       | 1/A          | 09-30 23:59     | delivered     | 5      | 1        |
 * | m9   | R5       | 1/A          | 10-01 18:00     | delivered     | 0      | 1        |
 * | m8   | R4 (other campaign) 1/-  | 10-02 08:00     | delivered     | 1      | 1        |
 */
async function seedReportingData(api: any, store: TestStore, container: any) {
  const sms = smsRecoveryService(container)
  const campaign = await sms.createCampaigns({ name: "Reporting" })
  const other = await sms.createCampaigns({ name: "Other" })
  const [step1, step2] = await sms.createCampaignSteps([
    { campaign_id: campaign.id, position: 1, delay_minutes: 0 },
    { campaign_id: campaign.id, position: 2, delay_minutes: 1440 },
  ])
  const template = "{{brand}}: your cart {{link}} Reply STOP to opt out"
  const [variantA, variantB, variantC] = await sms.createStepVariants([
    { step_id: step1.id, name: "A", template },
    { step_id: step1.id, name: "B", template },
    { step_id: step2.id, name: "C", template },
  ])

  const carts: string[] = []
  for (const [index, phone] of [P1, P2, P3].entries()) {
    carts.push(await createShopperCart(api, store, { phone, email: `shopper${index + 1}@example.com` }))
  }
  const text = (input: Parameters<typeof createRecoveryText>[1]) =>
    createRecoveryText(container, { campaignId: campaign.id, ...input })

  const m1 = await text({ cartId: carts[0], phone: P1, stepPosition: 1, variantId: variantA.id, sentAt: at("2026-10-01T10:00:00Z"), deliveredAt: at("2026-10-01T10:01:00Z"), clicks: 3, lastClickedAt: at("2026-10-01T11:00:00Z") })
  const R1 = m1.recoveryId
  const m2 = await text({ cartId: carts[0], recoveryId: R1, phone: P1, stepPosition: 2, variantId: variantC.id, sentAt: at("2026-10-02T10:00:00Z"), deliveredAt: at("2026-10-02T10:00:30Z"), segments: 2 })
  const m3 = await text({ cartId: carts[1], phone: P2, stepPosition: 1, variantId: variantB.id, sentAt: at("2026-10-01T12:00:00Z"), status: "failed" })
  const R2 = m3.recoveryId
  const m4 = await text({ cartId: carts[1], recoveryId: R2, phone: P2, stepPosition: 2, variantId: variantC.id, sentAt: at("2026-10-03T09:00:00Z"), status: "sent", clicks: 1, lastClickedAt: at("2026-10-03T09:30:00Z") })
  const m5 = await text({ cartId: carts[2], phone: P3, stepPosition: 1, variantId: variantA.id, sentAt: at("2026-10-02T15:00:00Z"), status: "undeliverable" })
  const R3 = m5.recoveryId
  const m6 = await text({ cartId: carts[2], recoveryId: R3, phone: P3, stepPosition: 1, variantId: variantB.id, sentAt: null, status: "queued", createdAt: at("2026-10-03T20:00:00Z") })
  const m7 = await text({ cartId: carts[0], recoveryId: R1, phone: P1, stepPosition: 1, variantId: variantA.id, sentAt: at("2026-09-30T23:59:00Z"), deliveredAt: at("2026-09-30T23:59:30Z"), clicks: 5 })
  const m9 = await text({ cartId: "cart_without_order", phone: P5, stepPosition: 1, variantId: variantA.id, sentAt: at("2026-10-01T18:00:00Z"), deliveredAt: at("2026-10-01T18:00:10Z") })
  const m8 = await text({ cartId: "cart_other_campaign", campaignId: other.id, phone: P1, stepPosition: 1, sentAt: at("2026-10-02T08:00:00Z"), deliveredAt: at("2026-10-02T08:00:10Z"), clicks: 1 })

  const attribute = (attribution: Parameters<typeof sms.createAttributionOnce>[0]) =>
    sms.createAttributionOnce(attribution)
  await attribute({ order_id: "order_1", recovery_id: R1, message_id: m1.message.id, model: "click", amount: "54.90", currency_code: "usd", attributed_at: at("2026-10-02T11:00:00Z") })
  await attribute({ order_id: "order_2", recovery_id: R2, message_id: m4.message.id, model: "view", amount: "20.05", currency_code: "usd", attributed_at: at("2026-10-03T10:00:00Z") })
  await attribute({ order_id: "order_3", recovery_id: R3, message_id: m5.message.id, model: "click", amount: "100", currency_code: "eur", attributed_at: at("2026-10-03T12:00:00Z") })
  // The range is half-open: an order at `to` belongs to the next range.
  await attribute({ order_id: "order_4", recovery_id: R2, message_id: m3.message.id, model: "view", amount: "999", currency_code: "usd", attributed_at: at("2026-10-04T00:00:00Z") })

  const optOut = async (phone: string, occurredAt: string) => {
    const consent = await sms.createConsents({ phone, status: "opted_out" })
    await sms.createConsentEvents({ consent_id: consent.id, phone, type: "opted_out", channel: "keyword", occurred_at: at(occurredAt) })
  }
  await optOut(P2, "2026-10-02T13:00:00Z")
  await optOut(P5, "2026-10-05T09:00:00Z")
  await optOut("+14155550199", "2026-10-02T09:00:00Z")

  return {
    campaign,
    carts,
    variants: { A: variantA.id, B: variantB.id, C: variantC.id },
    recoveries: { R1, R2, R3, R5: m9.recoveryId },
    messages: { m1: m1.message.id, m2: m2.message.id, m3: m3.message.id, m4: m4.message.id, m5: m5.message.id, m6: m6.message.id, m7: m7.message.id, m8: m8.message.id, m9: m9.message.id },
  }
}

describe("admin reporting routes", () => {
  useSinchSimulator()

  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      let store: TestStore
      let data: Fixture

      beforeEach(async () => {
        store = await setUpStore(api, getContainer())
        data = await seedReportingData(api, store, getContainer())
      })

      const stats = async (query: string) => {
        const response = await api.get(`/admin/sms-recovery/stats?${query}`, store.adminHeaders)
        expect(response.status).toBe(200)
        // The holdout comparison is `GET /experiments`, apart from these faster counts.
        expect(Object.keys(response.data)).toEqual(["stats"])
        return response.data.stats
      }

      it("computes the campaign's numbers for a range exactly", async () => {
        const result = await stats(`from=2026-10-01&to=2026-10-03&campaign_id=${data.campaign.id}`)

        expect(result).toMatchObject({
          range: { from: "2026-10-01T00:00:00.000Z", to: "2026-10-04T00:00:00.000Z" },
          sent: 6,
          delivered: 3,
          failed: 2,
          clicks: 4,
          unique_clicks: 2,
          ctr: 0.3333,
          segments: 7,
          recovered_carts: 3,
          recovered_revenue: [
            { currency_code: "eur", click: "100", view: "0", total: "100" },
            { currency_code: "usd", click: "54.9", view: "20.05", total: "74.95" },
          ],
          revenue_per_message: [
            { currency_code: "eur", amount: "16.67" },
            { currency_code: "usd", amount: "12.49" },
          ],
          conversion_rate: 0.75,
          opt_out_rate: 0.25,
        })
      })

      it("breaks the numbers down by step, variant and day", async () => {
        const result = await stats(`from=2026-10-01&to=2026-10-03&campaign_id=${data.campaign.id}`)

        expect(result.by_step).toEqual([
          {
            step_position: 1,
            sent: 4, delivered: 2, failed: 2, clicks: 3, unique_clicks: 1, ctr: 0.25, segments: 4,
            recovered_carts: 2,
            recovered_revenue: [
              { currency_code: "eur", click: "100", view: "0", total: "100" },
              { currency_code: "usd", click: "54.9", view: "0", total: "54.9" },
            ],
            revenue_per_message: [
              { currency_code: "eur", amount: "25.00" },
              { currency_code: "usd", amount: "13.73" },
            ],
          },
          {
            step_position: 2,
            sent: 2, delivered: 1, failed: 0, clicks: 1, unique_clicks: 1, ctr: 0.5, segments: 3,
            recovered_carts: 1,
            recovered_revenue: [{ currency_code: "usd", click: "0", view: "20.05", total: "20.05" }],
            revenue_per_message: [{ currency_code: "usd", amount: "10.03" }],
          },
        ])

        const variant = (name: string) => result.by_variant.find((v: { name: string }) => v.name === name)
        expect(result.by_variant).toHaveLength(3)
        expect(variant("A")).toMatchObject({
          variant_id: data.variants.A, step_position: 1,
          sent: 3, delivered: 2, failed: 1, clicks: 3, unique_clicks: 1, ctr: 0.3333, segments: 3,
          recovered_carts: 2,
          revenue_per_message: [
            { currency_code: "eur", amount: "33.33" },
            { currency_code: "usd", amount: "18.30" },
          ],
        })
        expect(variant("B")).toMatchObject({
          variant_id: data.variants.B, step_position: 1,
          sent: 1, delivered: 0, failed: 1, clicks: 0, unique_clicks: 0, ctr: 0, segments: 1,
          recovered_carts: 0, recovered_revenue: [], revenue_per_message: [],
        })
        expect(variant("C")).toMatchObject({
          variant_id: data.variants.C, step_position: 2, sent: 2, recovered_carts: 1,
          recovered_revenue: [{ currency_code: "usd", click: "0", view: "20.05", total: "20.05" }],
        })

        expect(result.daily).toEqual([
          { date: "2026-10-01", sent: 3, clicks: 3, recovered: 0, revenue: [] },
          { date: "2026-10-02", sent: 2, clicks: 0, recovered: 1, revenue: [{ currency_code: "usd", amount: "54.9" }] },
          {
            date: "2026-10-03", sent: 1, clicks: 1, recovered: 2,
            revenue: [
              { currency_code: "eur", amount: "100" },
              { currency_code: "usd", amount: "20.05" },
            ],
          },
        ])
      })

      it("counts every campaign without a filter, and defaults to the last 30 days", async () => {
        const all = await stats("from=2026-10-01T00:00:00Z&to=2026-10-04T00:00:00Z")
        expect(all).toMatchObject({ sent: 7, delivered: 4, clicks: 5, unique_clicks: 3, recovered_carts: 3 })
        expect(all.daily.map((day: { date: string }) => day.date)).toEqual(["2026-10-01", "2026-10-02", "2026-10-03"])

        const recent = await stats("")
        const span = Date.parse(recent.range.to) - Date.parse(recent.range.from)
        expect(span).toBe(30 * 86_400_000)
        expect(Math.abs(Date.parse(recent.range.to) - Date.now())).toBeLessThan(60_000)
        expect(recent).toMatchObject({ sent: 0, recovered_carts: 0, conversion_rate: 0, opt_out_rate: 0 })
        expect(recent.daily).toHaveLength(31)
      })

      it("counts late events on the day their text went out, and keeps the numbers through an erase", async () => {
        const sms = smsRecoveryService(getContainer())
        const range = `from=2026-10-01&to=2026-10-03&campaign_id=${data.campaign.id}`
        // Days after the texts: m4 (sent 10-03) is reported delivered, m2 (sent 10-02) is
        // clicked, and R5's shopper, texted on 10-01 and silent since, orders on the 3rd.
        await sms.updateMessages({ id: data.messages.m4, status: "delivered", delivered_at: at("2026-10-05T09:00:00Z") })
        await sms.recordLinkClick(data.messages.m2, at("2026-10-06T10:00:00Z"))
        await sms.createAttributionOnce({ order_id: "order_5", recovery_id: data.recoveries.R5, message_id: data.messages.m9, model: "view", amount: "10", currency_code: "usd", attributed_at: at("2026-10-03T22:00:00Z") })

        const late = await stats(range)
        expect(late).toMatchObject({
          sent: 6, delivered: 4, failed: 2, clicks: 5, unique_clicks: 3, ctr: 0.5, segments: 7,
          recovered_carts: 4,
          recovered_revenue: [
            { currency_code: "eur", click: "100", view: "0", total: "100" },
            { currency_code: "usd", click: "54.9", view: "30.05", total: "84.95" },
          ],
          conversion_rate: 1,
          opt_out_rate: 0.25,
        })
        expect(late.by_step.map(({ step_position, delivered, clicks, unique_clicks, recovered_carts }: any) => ({ step_position, delivered, clicks, unique_clicks, recovered_carts }))).toEqual([
          { step_position: 1, delivered: 2, clicks: 3, unique_clicks: 1, recovered_carts: 3 },
          { step_position: 2, delivered: 2, clicks: 2, unique_clicks: 2, recovered_carts: 1 },
        ])
        expect(late.daily.map(({ date, clicks, recovered, revenue }: any) => ({ date, clicks, recovered, revenue }))).toEqual([
          { date: "2026-10-01", clicks: 3, recovered: 0, revenue: [] },
          { date: "2026-10-02", clicks: 1, recovered: 1, revenue: [{ currency_code: "usd", amount: "54.9" }] },
          {
            date: "2026-10-03", clicks: 1, recovered: 3,
            revenue: [
              { currency_code: "eur", amount: "100" },
              { currency_code: "usd", amount: "30.05" },
            ],
          },
        ])

        // Erasing P2 replaces the number in its texts and in its opt-out alike: it is still
        // one texted number, and one that opted out.
        const erased = await api.post("/admin/sms-recovery/consents/erase", { phone: P2 }, store.adminHeaders)
        expect(erased.status).toBe(200)
        expect(await stats(range)).toEqual(late)
      })

      it.each([
        ["from=yesterday", "from"],
        ["to=2026-13-45", "to"],
        ["from=2026-10-05&to=2026-10-01", "from"],
        ["from=2025-01-01&to=2026-10-01", "to"],
        ["campaign_id=", "campaign_id"],
        ["since=2026-10-01", "since"],
      ])("answers 400 naming the field for stats?%s", async (query, field) => {
        const response = await api.get(`/admin/sms-recovery/stats?${query}`, { ...store.adminHeaders, ...failure })
        expect(response.status).toBe(400)
        expect(response.data.type).toBe("invalid_data")
        expect(response.data.message).toContain(field)
      })

      const messages = async (query: string) => {
        const response = await api.get(`/admin/sms-recovery/messages?${query}`, store.adminHeaders)
        expect(response.status).toBe(200)
        return response.data
      }
      const ids = (list: { messages: { id: string }[] }) => list.messages.map((m) => m.id)

      it("lists a recovery's texts newest first, masked, with their attribution", async () => {
        const { m1, m2, m7 } = data.messages
        const list = await messages(`recovery_id=${data.recoveries.R1}`)

        expect(ids(list)).toEqual([m2, m1, m7])
        expect(list).toMatchObject({ count: 3, limit: 20, offset: 0 })
        expect(list.messages[1]).toMatchObject({
          id: m1,
          recovery_id: data.recoveries.R1,
          cart_id: data.carts[0],
          step_position: 1,
          variant_id: data.variants.A,
          variant_name: "A",
          status: "delivered",
          clicks: 3,
          to: "+*******0101",
          attribution: { order_id: "order_1", model: "click" },
        })
        expect(list.messages[0].attribution).toBeNull()
        expect(JSON.stringify(list)).not.toContain("4155550101")
      })

      it("filters texts by cart, order and status, and pages them", async () => {
        const { m1, m3, m4, m5, m7 } = data.messages

        expect(ids(await messages(`cart_id=${data.carts[1]}`))).toEqual([m4, m3])
        expect(ids(await messages("order_id=order_3"))).toEqual([data.messages.m6, m5])
        expect(ids(await messages("order_id=order_unknown"))).toEqual([])
        expect(ids(await messages("status=failed,undeliverable"))).toEqual([m5, m3])
        expect(ids(await messages(`status=sent&cart_id=${data.carts[1]}`))).toEqual([m4])

        const page = await messages(`recovery_id=${data.recoveries.R1}&limit=2&offset=1`)
        expect(page).toMatchObject({ count: 3, limit: 2, offset: 1 })
        expect(ids(page)).toEqual([m1, m7])

        const all = await messages("limit=100")
        expect(all.count).toBe(9)
        for (const message of all.messages) {
          expect(message.to).toMatch(/^\+\*+\d{4}$/)
        }
      })

      it.each([
        ["limit=0", "limit"],
        ["limit=101", "limit"],
        ["offset=-1", "offset"],
        ["status=lost", "status"],
        ["phone=%2B14155550101", "phone"],
      ])("answers 400 naming the field for messages?%s", async (query, field) => {
        const response = await api.get(`/admin/sms-recovery/messages?${query}`, { ...store.adminHeaders, ...failure })
        expect(response.status).toBe(400)
        expect(response.data.message).toContain(field)
      })

      it("refuses both routes without an admin session", async () => {
        for (const path of ["/admin/sms-recovery/stats", "/admin/sms-recovery/messages"]) {
          const response = await api.get(path, failure)
          expect({ path, status: response.status }).toEqual({ path, status: 401 })
        }
      })
    },
  })
})
