import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { captchaChecks } from "../fixtures/consent-hooks"
import type SmsRecoveryModuleService from "../../src/modules/sms_recovery/service"
import { useEnv } from "../helpers/env"
import { createShopperCart, setUpStore, updateShopperCart, type TestStore } from "../helpers/store"
import { useSinchSimulator } from "../helpers/sinch"

jest.setTimeout(240_000)

const CONSENT_TEXT =
  "Yes, text me reminders about my cart from Acme. Up to 2 msgs per cart. Msg & data rates may apply. Reply STOP to cancel."
const BILLING = {
  first_name: "Ana",
  last_name: "Silva",
  address_1: "1 Market St",
  city: "San Francisco",
  country_code: "us",
  province: "CA",
  postal_code: "94105",
}

// A store exposed directly (no proxy), with small confirmation ceilings, and the README's
// validateConsentRequest hook (a CAPTCHA check) registered.
describe("consent abuse guard", () => {
  useEnv({
    SMS_TRUSTED_PROXY_HOPS: "0",
    SMS_CONFIRMATION_TEXTS_PER_HOUR: "3",
    SMS_CONFIRMATION_TEXTS_PER_COUNTRY_PER_HOUR: "2",
  })
  const simulator = useSinchSimulator()

  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      let store: TestStore
      let sms: SmsRecoveryModuleService
      let sim: ReturnType<typeof simulator>

      /** Store headers as a storefront sends them, with a solved CAPTCHA unless told otherwise. */
      const shopper = (extra: Record<string, string> = {}) => ({
        headers: {
          ...store.storeHeaders.headers,
          "user-agent": "Mozilla/5.0 (consent-abuse-spec)",
          "x-captcha-token": "solved",
          ...extra,
        },
        validateStatus: () => true,
      })
      const consent = (phone: string, cartId: string, extra: Record<string, string> = {}) =>
        api.post("/store/sms-recovery/consent", { phone, cart_id: cartId, consent_text: CONSENT_TEXT }, shopper(extra))
      /** A cart with one number on its shipping address and another on its billing address. */
      const cartWith = async (shipping: string, billing: string) => {
        const cartId = await createShopperCart(api, store, { phone: shipping })
        await updateShopperCart(api, store, cartId, { billing_address: { ...BILLING, phone: billing } })
        return cartId
      }
      const feed = () =>
        getContainer().resolve(Modules.NOTIFICATION).listNotifications({ channel: "feed" }, { order: { created_at: "ASC" } })

      beforeEach(async () => {
        sim = simulator()
        sim.clear()
        captchaChecks.length = 0
        store = await setUpStore(api, getContainer())
        sms = getContainer().resolve<SmsRecoveryModuleService>("sms_recovery")
      })

      describe("with no trusted proxy (trustedProxyHops: 0)", () => {
        it("meets the per-IP 429 at the limit however X-Forwarded-For changes", async () => {
          const first = await cartWith("+14155550111", "+14155550122")
          const second = await cartWith("+14155550133", "+14155550144")
          const bodies = [
            ...Array(5).fill(["+14155550111", first]),
            ...Array(5).fill(["+14155550122", first]),
          ] as [string, string][]
          for (const [i, [phone, cartId]] of bodies.entries()) {
            const response = await consent(phone, cartId, { "x-forwarded-for": `203.0.113.${i + 1}` })
            expect(response.status).toBe(200)
          }

          const refused = await consent("+14155550133", second, { "x-forwarded-for": "198.51.100.99" })

          expect(refused.status).toBe(429)
          expect(refused.data.message).toBe("Too many consent requests for this IP address; try again in 10 minute(s)")
          // The ledger keeps the socket's address, not the header's.
          const ips = new Set((await sms.listConsentEvents({ type: "requested" })).map((event) => event.ip))
          expect(ips.size).toBe(1)
          expect([...ips][0]).toMatch(/^(127\.0\.0\.1|::1)$/)
        })

        it("meets the lookup 429 at the limit however X-Forwarded-For changes", async () => {
          const cartId = await createShopperCart(api, store, { phone: "+14155550123" })
          // 30 lookups per IP per 10 minutes, spread over 4 numbers (10 per number per hour).
          const phones = ["+14155550123", "+14155550124", "+14155550125", "+14155550126"]
          for (let i = 0; i < 30; i++) {
            const response = await api.get(
              `/store/sms-recovery/consent?phone=${encodeURIComponent(phones[i % 4])}&cart_id=${cartId}`,
              shopper({ "x-forwarded-for": `203.0.113.${i + 1}` })
            )
            expect(response.status).toBe(200)
          }

          const refused = await api.get(
            `/store/sms-recovery/consent?phone=${encodeURIComponent("+14155550127")}&cart_id=${cartId}`,
            shopper({ "x-forwarded-for": "198.51.100.99" })
          )

          expect(refused.status).toBe(429)
          expect(refused.data.message).toMatch(/^Too many consent requests for this IP address; try again in \d+ minute\(s\)$/)
          expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0)
        })
      })

      describe("confirmation texts", () => {
        it("go only to the countries of the store's regions", async () => {
          // A Jamaican number (+1 876) on a US cart: Jamaica is no region of this store.
          const jamaica = "+18762101234"
          const [campaign] = await sms.listCampaigns({})
          await sms.updateCampaigns([{ id: campaign.id, double_opt_in_countries: ["US", "JM"] }])
          const cartId = await cartWith("+14155550123", jamaica)

          const response = await consent(jamaica, cartId)
          const us = await consent("+14155550123", cartId)

          expect(response.status).toBe(200)
          expect(response.data.consent.status).toBe("pending")
          expect((await sms.listConsents({ phone: jamaica }))[0]).toMatchObject({
            status: "pending",
            confirmation_sent_at: null,
          })
          expect(us.data.consent.status).toBe("pending")
          expect(sim.inbox().map((batch) => batch.to)).toEqual([["14155550123"]])
          expect(await feed()).toHaveLength(0)
        })

        it("stop at the per-country ceiling, and the admin feed is told once", async () => {
          const first = await cartWith("+14155550111", "+14155550122")
          const second = await cartWith("+14155550133", "+14155550144")

          const answers = [
            await consent("+14155550111", first),
            await consent("+14155550122", first),
            await consent("+14155550133", second),
            await consent("+14155550144", second),
          ]

          expect(answers.map((answer) => answer.data.consent.status)).toEqual(["pending", "pending", "pending", "pending"])
          expect(sim.inbox().map((batch) => batch.to[0]).sort()).toEqual(["14155550111", "14155550122"])
          const withheld = await sms.listConsents({ phone: ["+14155550133", "+14155550144"] })
          expect(withheld.map((row) => [row.status, row.confirmation_sent_at])).toEqual([
            ["pending", null],
            ["pending", null],
          ])
          const alerts = await feed()
          expect(alerts).toHaveLength(1)
          expect(alerts[0]).toMatchObject({
            channel: "feed",
            template: "admin-ui",
            data: {
              title: "SMS opt-in texts paused",
              description: expect.stringContaining("to US is reached (confirmationTextsPerCountryPerHour)"),
            },
          })
        })

        it("stop at the store-wide hourly ceiling, counting texts other instances sent, and the admin sees one alert", async () => {
          // Two confirmation texts to Canada this hour, recorded by another server instance.
          await sms.createConsents([
            { phone: "+16045550101", status: "pending", country: "CA", confirmation_sent_at: new Date() },
            { phone: "+16045550102", status: "pending", country: "CA", confirmation_sent_at: new Date() },
          ])
          const cartId = await cartWith("+14155550111", "+14155550122")
          const other = await cartWith("+14155550133", "+14155550133")

          const sent = await consent("+14155550111", cartId)
          const over = await consent("+14155550122", cartId)
          const again = await consent("+14155550133", other)

          expect([sent.status, over.status, again.status]).toEqual([200, 200, 200])
          expect([over.data.consent.status, again.data.consent.status]).toEqual(["pending", "pending"])
          // Only the first leaves: the third of the hour, store-wide.
          expect(sim.inbox().map((batch) => batch.to)).toEqual([["14155550111"]])
          const { data } = await api.get("/admin/notifications?channel=feed", store.adminHeaders)
          expect(data.notifications).toHaveLength(1)
          expect(data.notifications[0]).toMatchObject({
            channel: "feed",
            template: "admin-ui",
            data: {
              title: "SMS opt-in texts paused",
              description: expect.stringContaining("store-wide ceiling of double opt-in texts per hour is reached"),
            },
          })
        })
      })

      describe("the validateConsentRequest hook (the README's CAPTCHA example)", () => {
        it("refuses a request it vetoes with 403 and its reason, writing nothing", async () => {
          const cartId = await createShopperCart(api, store, { phone: "+14155550123" })

          const unsolved = await consent("+14155550123", cartId, { "x-captcha-token": "robot" })
          const missing = await api.post(
            "/store/sms-recovery/consent",
            { phone: "+14155550123", cart_id: cartId, consent_text: CONSENT_TEXT },
            { headers: store.storeHeaders.headers, validateStatus: () => true }
          )

          for (const response of [unsolved, missing]) {
            expect(response.status).toBe(403)
            expect(response.data).toEqual({ type: "forbidden", message: "Please confirm you are not a robot" })
          }
          expect(await sms.listConsents({})).toHaveLength(0)
          expect(await sms.listConsentEvents({})).toHaveLength(0)
          expect(sim.inbox()).toHaveLength(0)
          expect(captchaChecks).toEqual([{ token: "robot", ip: expect.stringMatching(/^(127\.0\.0\.1|::1)$/) }])
        })

        it("lets a request it accepts through", async () => {
          const cartId = await createShopperCart(api, store, { phone: "+14155550123" })

          const response = await consent("+14155550123", cartId)

          expect(response.status).toBe(200)
          expect(response.data.consent.status).toBe("pending")
          expect(await sms.listConsentEvents({ type: "requested" })).toHaveLength(1)
          expect(sim.inbox()).toHaveLength(1)
          expect(captchaChecks).toEqual([{ token: "solved", ip: expect.stringMatching(/^(127\.0\.0\.1|::1)$/) }])
        })
      })
    },
  })
})
