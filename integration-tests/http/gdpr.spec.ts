import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createHmac } from "node:crypto"
import type SmsRecoveryModuleService from "../../src/modules/sms_recovery/service"
import { createShopperCart, setUpStore, type TestStore } from "../helpers/store"
import { useSinchSimulator } from "../helpers/sinch"

jest.setTimeout(240_000)

const PHONE = "+14155550123"
const CONSENT_TEXT = "Text me reminders about my cart from Acme. Msg & data rates may apply. Reply STOP to cancel."

describe("GDPR: consent ledger and erase (admin routes)", () => {
  const simulator = useSinchSimulator()

  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer, dbConnection }) => {
      let store: TestStore
      let sms: SmsRecoveryModuleService
      let sim: ReturnType<typeof simulator>
      let cartId: string

      const admin = () => ({ ...store.adminHeaders, validateStatus: () => true })
      const shopper = () => ({
        headers: { ...store.storeHeaders.headers, "x-forwarded-for": "203.0.113.5", "user-agent": "gdpr-spec" },
        validateStatus: () => true,
      })
      const ledgerOf = (phone: string) =>
        api.get(`/admin/sms-recovery/consents?phone=${encodeURIComponent(phone)}`, admin())
      const erase = (phone: string) => api.post("/admin/sms-recovery/consents/erase", { phone }, admin())
      const rowsHolding = async (phone: string) => {
        const { rows } = await dbConnection.raw(
          `SELECT
             (SELECT count(*) FROM sms_consent WHERE phone = ?)::int AS consents,
             (SELECT count(*) FROM sms_consent_event WHERE phone = ?)::int AS events,
             (SELECT count(*) FROM sms_recovery WHERE phone = ?)::int AS recoveries,
             (SELECT count(*) FROM sms_message WHERE "to" = ? OR body LIKE ?)::int AS messages`,
          [phone, phone, phone, phone, `%${phone.slice(2)}%`]
        )
        return rows[0]
      }

      /** A shopper who consented at checkout, confirmed by YES, and was sent a reminder. */
      const consentedShopper = async () => {
        const consent = await api.post(
          "/store/sms-recovery/consent",
          { phone: PHONE, cart_id: cartId, consent_text: CONSENT_TEXT, source_url: "https://shop.example.com/checkout" },
          shopper()
        )
        expect(consent.data.consent.status).toBe("pending")
        const { data } = await api.get("/admin/sms-recovery/webhooks", store.adminHeaders)
        const { pathname, search } = new URL(data.webhooks.inbound_url)
        const yes = await sim.sendInbound(`${api.defaults.baseURL}${pathname}${search}`, {
          from: PHONE,
          to: "+12025550100",
          body: "YES",
        })
        expect(yes.status).toBe(200)
        const [open, ended] = await sms.createRecoveries([
          { cart_id: "cart_open", phone: PHONE, status: "active", last_activity_at: new Date(), next_send_at: new Date(Date.now() + 3600_000) },
          { cart_id: "cart_done", phone: PHONE, status: "recovered", last_activity_at: new Date(), reason: "order_placed" },
        ])
        await sms.createMessages([
          {
            recovery_id: open.id,
            step_id: "smsstep_test",
            step_position: 1,
            idempotency_key: `recovery:${open.id}:step:1`,
            to: PHONE,
            body: "Acme: Ana, your Linen Shirt is still in your cart. Reply STOP to opt out",
            status: "delivered",
            batch_id: "01JGDPRBATCH00000000000000",
            sent_at: new Date(),
          },
        ])
        return { open, ended }
      }

      beforeEach(async () => {
        sim = simulator()
        sim.clear()
        store = await setUpStore(api, getContainer())
        sms = getContainer().resolve<SmsRecoveryModuleService>("sms_recovery")
        cartId = await createShopperCart(api, store, { phone: PHONE })
      })

      it("returns a number's consent and its ledger, newest first, with the full number", async () => {
        await consentedShopper()

        const response = await ledgerOf("(415) 555-0123")

        expect(response.status).toBe(200)
        expect(response.data.consent).toMatchObject({ phone: PHONE, status: "opted_in", country: "US", erased: false })
        expect(response.data.events.map((event: { type: string; channel: string }) => [event.type, event.channel])).toEqual([
          ["confirmed", "keyword"],
          ["requested", "checkout"],
        ])
        expect(response.data.events[1]).toMatchObject({
          phone: PHONE,
          consent_text: CONSENT_TEXT,
          source_url: "https://shop.example.com/checkout",
          ip: "203.0.113.5",
          user_agent: "gdpr-spec",
        })
        expect(response.data.events[0]).toMatchObject({ inbound_text: "YES" })
      })

      it("answers 404 for a number it never saw and 400 for something that is not a number", async () => {
        const unknown = await ledgerOf("+14155550100")
        const invalid = await ledgerOf("not-a-phone")

        expect(unknown.status).toBe(404)
        expect(unknown.data).toEqual({ type: "not_found", message: "No SMS consent was found for this phone number" })
        expect(invalid.status).toBe(400)
        expect(invalid.data.message).toContain("Field 'phone' must be a valid phone number")
      })

      it("erases the number everywhere, keeps it suppressed, and says what it replaced", async () => {
        const { open, ended } = await consentedShopper()
        const hash = `hash:${createHmac("sha256", sms.getOptions().linkSecret).update(PHONE).digest("hex")}`

        const response = await erase(PHONE)

        expect(response.status).toBe(200)
        expect(response.data).toEqual({
          erased: { phone_hash: hash, consents: 1, events: 2, recoveries: 2, messages: 1 },
        })
        expect(await rowsHolding(PHONE)).toEqual({ consents: 0, events: 0, recoveries: 0, messages: 0 })
        const [suppression] = await sms.listConsents({ phone: hash })
        expect(suppression).toMatchObject({ status: "opted_out", customer_id: null })
        const events = await sms.listConsentEvents({ consent_id: suppression.id }, { order: { occurred_at: "ASC" } })
        expect(events.map((event) => event.type)).toEqual(["requested", "confirmed", "erased"])
        for (const event of events) {
          expect(event).toMatchObject({ phone: hash, ip: null, user_agent: null, inbound_text: null })
        }
        expect(events[0].consent_text).toBe(CONSENT_TEXT)
        const recoveries = await sms.listRecoveries({ id: [open.id, ended.id] }, { order: { cart_id: "ASC" } })
        expect(recoveries.map((r) => [r.cart_id, r.phone, r.status, r.reason])).toEqual([
          ["cart_done", hash, "recovered", "order_placed"],
          ["cart_open", hash, "opted_out", "erased"],
        ])
        const [message] = await sms.listMessages({ recovery_id: open.id })
        expect(message).toMatchObject({ to: hash, body: null, status: "delivered" })
      })

      it("keeps an erased number opted out: a new checkout consent stores nothing and stays opted out", async () => {
        await consentedShopper()
        await erase(PHONE)
        sim.clear()

        const again = await api.post(
          "/store/sms-recovery/consent",
          { phone: PHONE, cart_id: cartId, consent_text: CONSENT_TEXT },
          shopper()
        )
        const status = await api.get(
          `/store/sms-recovery/consent?phone=${encodeURIComponent(PHONE)}&cart_id=${cartId}`,
          shopper()
        )

        expect(again.status).toBe(200)
        expect(again.data).toEqual({ consent: { phone: "+*******0123", status: "opted_out" } })
        expect(status.data).toEqual({ consent: { status: "opted_out" } })
        expect(await rowsHolding(PHONE)).toEqual({ consents: 0, events: 0, recoveries: 0, messages: 0 })
        expect(sim.inbox()).toHaveLength(0)
      })

      it("finds the erased number's suppression entry and ledger by the number", async () => {
        await consentedShopper()
        await erase(PHONE)

        const response = await ledgerOf(PHONE)

        expect(response.status).toBe(200)
        expect(response.data.consent).toMatchObject({ status: "opted_out", erased: true })
        expect(response.data.consent.phone).toMatch(/^hash:[0-9a-f]{64}$/)
        expect(response.data.events.map((event: { type: string }) => event.type)).toEqual([
          "erased",
          "confirmed",
          "requested",
        ])
      })

      it("erasing twice, or a number never seen, replaces nothing more and keeps one suppression entry", async () => {
        await consentedShopper()
        const first = await erase(PHONE)

        const second = await erase(PHONE)
        const never = await erase("+14155550100")

        expect(second.data.erased).toEqual({ ...first.data.erased, consents: 0, events: 0, recoveries: 0, messages: 0 })
        expect(never.data.erased).toMatchObject({ consents: 0, events: 0, recoveries: 0, messages: 0 })
        expect(await sms.listConsents({ phone: first.data.erased.phone_hash })).toHaveLength(1)
        expect(await sms.listConsents({ phone: never.data.erased.phone_hash })).toMatchObject([{ status: "opted_out" }])
      })

      it("refuses to erase something that is not a number, or without admin auth", async () => {
        const invalid = await erase("12345")
        const anonymous = await api.post("/admin/sms-recovery/consents/erase", { phone: PHONE }, { validateStatus: () => true })

        expect(invalid.status).toBe(400)
        expect(invalid.data.message).toContain("Field 'phone'")
        expect(anonymous.status).toBe(401)
        expect(await sms.listConsentEvents({ type: "erased" })).toHaveLength(0)
      })

      it("lists consents for the admin, newest first, by status", async () => {
        await consentedShopper()
        await sms.createConsents([{ phone: "+14155550177", status: "opted_out" }])

        const all = await api.get("/admin/sms-recovery/consents", admin())
        const optedOut = await api.get("/admin/sms-recovery/consents?status=opted_out", admin())

        expect(all.data).toMatchObject({ count: 2, limit: 20, offset: 0 })
        expect(optedOut.data.consents.map((c: { phone: string }) => c.phone)).toEqual(["+14155550177"])
      })
    },
  })
})
