import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { completeShopperCart, createShopperCart, setUpStore } from "../helpers/store"
import { useSinchSimulator } from "../helpers/sinch"
import { HOUR, lastActiveAt, MINUTE, recoveryOf, smsRecoveryService, sweepAt, testEpoch } from "../helpers/recovery"

jest.setTimeout(240_000)

// A UK mobile: opted in by the checkbox (no double opt-in outside the US), and not bound by
// the US one-text rule, so both campaign steps apply.
const PHONE = "+447400123456"


describe("a shopper's cart, from idle to recovered", () => {
  const simulator = useSinchSimulator()

  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      it("is texted once, follows the link, buys, and the order is credited to the text", async () => {
        const container = getContainer()
        const store = await setUpStore(api, container)
        const T = testEpoch()

        // The admin gives step 1 a 10% code and switches the campaign on.
        const { data: list } = await api.get("/admin/sms-recovery/campaigns", store.adminHeaders)
        const campaign = list.campaigns[0]
        const steps = campaign.steps.map((step: Record<string, any>) => ({
          id: step.id,
          delay_minutes: step.delay_minutes,
          channel: step.channel,
          expires_after_hours: step.expires_after_hours,
          incentive:
            step.position === 1
              ? // Long enough to still hold on the real clock: the test's clock is days behind it.
                { type: "percentage", value: 10, expiry_hours: 720 }
              : step.incentive_type
                ? { type: step.incentive_type, value: Number(step.incentive_value), expiry_hours: step.incentive_expiry_hours }
                : null,
          variants: step.variants.map((variant: Record<string, any>) => ({
            id: variant.id,
            name: variant.name,
            weight: variant.weight,
            template:
              step.position === 1
                ? "{{brand}}: {{first_name}}, your {{top_item}} is still in your cart. {{discount_value}} off with {{discount_code}}: {{link}} Reply STOP to opt out"
                : variant.template,
          })),
        }))
        await api.post(`/admin/sms-recovery/campaigns/${campaign.id}`, { enabled: true, steps }, store.adminHeaders)
        const smsRecovery = smsRecoveryService(container)
        await smsRecovery.updateCampaigns([{ id: campaign.id, active_since: new Date(T.getTime() - HOUR) }])
        smsRecovery.clearCampaignCache()

        // The shopper fills the cart, gives a number and ticks the box; then leaves.
        const cartId = await createShopperCart(api, store, { phone: PHONE })
        const { data: consent } = await api.post(
          "/store/sms-recovery/consent",
          {
            phone: PHONE,
            cart_id: cartId,
            consent_text: "Yes, text me cart reminders from Acme. Msg & data rates may apply. Reply STOP to opt out.",
            source_url: "https://shop.example.com/checkout",
          },
          store.storeHeaders
        )
        expect(consent.consent.status).toBe("opted_in")
        await lastActiveAt(container, cartId, T)

        // Time passes: 31 minutes later the sweep texts the cart once.
        await sweepAt(container, new Date(T.getTime() + 31 * MINUTE))
        const inbox = simulator().inbox()
        expect(inbox).toHaveLength(1)
        const body = inbox[0].body
        expect(body).toMatch(
          /^Acme: Ana, your Linen Shirt is still in your cart\. 10% off with SMS-[2-9A-HJKMNP-Z]{8}: http:\/\/localhost:9000\/sms\/r\/[0-9A-Za-z]{12} Reply STOP to opt out$/
        )
        const code = body.match(/SMS-[2-9A-HJKMNP-Z]{8}/)![0]
        const linkPath = new URL(body.match(/http\S+/)![0]).pathname

        // The link restores the cart with the code and lands on the storefront with UTM tags.
        const click = await api.get(linkPath, { maxRedirects: 0, validateStatus: () => true })
        expect(click.status).toBe(302)
        const location = new URL(click.headers.location)
        expect(location.origin).toBe("http://localhost:8000")
        expect(location.pathname).toMatch(/^\/cart\/recover\/[^/]+$/)
        expect(click.headers.location).not.toContain(cartId)
        const token = decodeURIComponent(location.pathname.split("/").pop()!)
        const { data: exchanged } = await api.post("/store/sms-recovery/cart-token", { token }, store.storeHeaders)
        expect(exchanged).toEqual({ cart_id: cartId })
        expect(location.searchParams.get("utm_source")).toBe("sms")
        expect(location.searchParams.get("utm_medium")).toBe("sms")
        expect(location.searchParams.get("utm_campaign")).toBe("cart_recovery")
        const recovery = await recoveryOf(container, cartId)
        const [message] = await smsRecovery.listMessages({ recovery_id: recovery.id })
        expect(message).toMatchObject({ clicks: 1, discount_code: code })
        const { data: cartData } = await api.get(`/store/carts/${cartId}?fields=*promotions,discount_total`, store.storeHeaders)
        expect(cartData.cart.promotions.map((promotion: { code: string }) => promotion.code)).toEqual([code])
        expect(cartData.cart.discount_total).toBeCloseTo(4.9, 5)

        // The shopper buys; the order is credited to the text's click.
        const order = await completeShopperCart(api, store, cartId)
        const [attribution] = await smsRecovery.listAttributions({ order_id: order.id })
        expect(attribution).toMatchObject({ model: "click", message_id: message.id, recovery_id: recovery.id, currency_code: "usd" })
        expect(String(attribution.amount)).toBe(String(order.total))
        // Coming back through the link was activity: it ended the texted episode and opened a
        // new one; the order credits the texted one and closes the new one.
        const episodes = await smsRecovery.listRecoveries({ cart_id: cartId }, { order: { created_at: "ASC" } })
        expect(episodes.map((episode) => [episode.id, episode.status, episode.next_send_at])).toEqual([
          [recovery.id, "recovered", null],
          [expect.any(String), "completed", null],
        ])

        // The admin sees it.
        const { data: stats } = await api.get("/admin/sms-recovery/stats", store.adminHeaders)
        expect(stats.stats).toMatchObject({ sent: 1, clicks: 1, recovered_carts: 1 })
        expect(stats.stats.recovered_revenue).toEqual([
          expect.objectContaining({ currency_code: "usd", click: String(order.total), view: "0" }),
        ])

        // Step 2 never goes out after the order.
        const later = await sweepAt(container, new Date(T.getTime() + 25 * HOUR))
        expect(later.claimed).toBe(0)
        expect(simulator().inbox()).toHaveLength(1)
      })
    },
  })
})
