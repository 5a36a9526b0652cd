import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { normalizePhone } from "../../src/lib/phone"
import { setUpStore } from "../helpers/store"
import { useSinchSimulator } from "../helpers/sinch"
import { enableCampaign, MINUTE, smsRecoveryService, sweepAt, testEpoch } from "../helpers/recovery"

jest.setTimeout(600_000)

const CARTS = 500

describe("two sweeps at once", () => {
  const simulator = useSinchSimulator()

  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      it(`send ${CARTS} texts for ${CARTS} due recoveries, not more`, async () => {
        const container = getContainer()
        const store = await setUpStore(api, container)
        const T = testEpoch()
        const campaignId = await enableCampaign(container, {}, new Date(T.getTime() - 60 * MINUTE))
        const phones = Array.from({ length: CARTS }, (_, i) => `+1415555${String(1000 + i)}`)
        expect(phones.every((phone) => normalizePhone(phone))).toBe(true)

        const carts = await container.resolve(Modules.CART).createCarts(
          phones.map((phone, i) => ({
            currency_code: "usd",
            region_id: store.regionId,
            email: `shopper${i}@example.com`,
            items: [{ title: "Linen Shirt", product_title: "Linen Shirt", quantity: 1, unit_price: 49 }],
            shipping_address: { first_name: `Shopper${i}`, phone, country_code: "us", province: "CA" },
          }))
        )
        const smsRecovery = smsRecoveryService(container)
        await smsRecovery.createConsents(phones.map((phone) => ({ phone, status: "opted_in" as const })))
        await smsRecovery.createRecoveries(
          carts.map((cart) => ({
            cart_id: cart.id,
            campaign_id: campaignId,
            status: "tracking" as const,
            last_activity_at: T,
            next_send_at: new Date(T.getTime() + 30 * MINUTE),
          }))
        )

        const now = new Date(T.getTime() + 31 * MINUTE)
        const [a, b] = await Promise.all([
          sweepAt(container, now, { workerId: "worker-a", pageSize: 50 }),
          sweepAt(container, now, { workerId: "worker-b", pageSize: 50 }),
        ])

        expect(a.claimed + b.claimed).toBe(CARTS)
        expect((a.outcomes.sent ?? 0) + (b.outcomes.sent ?? 0)).toBe(CARTS)
        const inbox = simulator().inbox()
        expect(inbox).toHaveLength(CARTS)
        expect(new Set(inbox.map((batch) => batch.client_reference)).size).toBe(CARTS)
        expect(new Set(inbox.map((batch) => batch.to[0])).size).toBe(CARTS)
        const [, messages] = await smsRecovery.listAndCountMessages({ status: "sent" })
        expect(messages).toBe(CARTS)
      })
    },
  })
})
