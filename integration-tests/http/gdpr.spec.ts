import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createHmac } from "node:crypto"
import type SmsRecoveryModuleService from "../../src/modules/sms_recovery/service"
import { TEXT_TRIGGERS } from "../../src/lib/text-triggers"
import { deliveryReportCallback, inboundTextCallback } from "../../src/sweep/sinch-callbacks"
import { createShopperCart, setUpStore, updateShopperCart, type TestStore } from "../helpers/store"
import { useSinchSimulator } from "../helpers/sinch"
import { findInEveryTable, searchedColumns } from "../helpers/db-scan"
import { enableCampaign, HOUR, lastActiveAt, MINUTE, recoveryOf, sweepAt, testEpoch } from "../helpers/recovery"
import { waitFor } from "../helpers/wait"

jest.setTimeout(240_000)

const PHONE = "+14155550123"
/** The number as a person writes it; the store keeps it like this on the cart's billing address. */
const NATIONAL_PHONE = "(415) 555-0123"
/** Every way the number can be written: E.164, MSISDN (Sinch's) and national digits, formatted. */
const PHONE_FORMS = [PHONE, "4155550123", "(415) 555-0123", "415-555-0123", "415.555.0123", "415 555 0123"]
/**
 * The store's own records of its shopper: a cart's and an order's addresses, a customer and
 * theirs. The plugin reads the number from them but did not make them and has no right to
 * erase them (an order's address is also the store's accounting record); a data subject's
 * erase there is the store's, through Medusa. Every other table must not hold the number.
 */
const STORE_COLUMNS = ["cart_address.phone", "order_address.phone", "customer.phone", "customer_address.phone"]
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
          // The double opt-in request and the YES's confirmation were texted to it.
          erased: { phone_hash: hash, consents: 1, events: 2, recoveries: 2, messages: 1, replies: 0, callbacks: 0, notifications: 2 },
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

      it("leaves the number and the texts sent to it in no table but the store's own, hashed where kept", async () => {
        const container = getContainer()
        const T = testEpoch()
        const webhook = async (kind: "inbound" | "delivery") => {
          const { data } = await api.get("/admin/sms-recovery/webhooks", store.adminHeaders)
          const { pathname, search } = new URL(data.webhooks[`${kind}_url`])
          return `${api.defaults.baseURL}${pathname}${search}`
        }
        const textIn = async (body: string) => {
          const answer = await sim.sendInbound(await webhook("inbound"), { from: PHONE, to: "+12025550100", body })
          expect(answer.status).toBe(200)
        }
        const textsToPhone = () => sim.inbox().filter((batch) => batch.to.includes(PHONE.slice(1)))

        // Every kind of copy, made through the real flows: the number on the cart (as the store
        // keeps it, also in national form), a checkout consent and its double opt-in text, YES
        // and its confirmation, a reminder from the sweep, its delivery report, HELP and its
        // answer, a reply that is no keyword, and an admin's test text.
        // Switched on before the cart's next activity, which puts the cart under the campaign.
        await enableCampaign(container, {}, new Date(T.getTime() - HOUR))
        await updateShopperCart(api, store, cartId, { billing_address: { phone: NATIONAL_PHONE } })
        const consent = await api.post(
          "/store/sms-recovery/consent",
          { phone: PHONE, cart_id: cartId, consent_text: CONSENT_TEXT, source_url: "https://shop.example.com/checkout" },
          shopper()
        )
        expect(consent.data.consent.status).toBe("pending")
        await textIn("YES")
        await lastActiveAt(container, cartId, T)
        const sweep = await sweepAt(container, new Date(T.getTime() + 31 * MINUTE))
        expect(sweep.outcomes).toEqual({ sent: 1 })
        const [reminder] = await sms.listMessages({ recovery_id: (await recoveryOf(container, cartId)).id })
        await sim.sendDeliveryReport(await webhook("delivery"), {
          batchId: reminder.batch_id!,
          recipient: PHONE,
          status: "Dispatched",
          code: 0,
        })
        await textIn("HELP")
        await textIn("Who is this? Is my linen shirt still there")
        const { data: campaigns } = await api.get("/admin/sms-recovery/campaigns", store.adminHeaders)
        const test = await api.post(
          "/admin/sms-recovery/test-send",
          { campaign_id: campaigns.campaigns[0].id, step_position: 1, phone: PHONE },
          admin()
        )
        expect(test.status).toBe(200)
        // The webhooks answer before their callbacks are applied, at the latest.
        await waitFor(async () => {
          const { rows } = await dbConnection.raw(`SELECT count(*)::int AS n FROM sms_inbound_callback WHERE applied_at IS NULL`)
          return rows[0].n === 0 || undefined
        })
        // Recorded by the webhook, then its process died before applying them: a STOP, a START
        // that came after it, and the report that the reminder was delivered.
        const stop = "Stop texting me about the linen shirt"
        const unapplied = [
          inboundTextCallback({ id: "mo-gdpr-stop", from: PHONE, to: "+12025550100", body: stop }),
          inboundTextCallback({ id: "mo-gdpr-start", from: PHONE, to: "+12025550100", body: "START" }),
          deliveryReportCallback({
            batch_id: reminder.batch_id!,
            client_reference: reminder.idempotency_key,
            statuses: [{ recipient: PHONE, status: "Delivered", code: 0, at: new Date() }],
          }),
        ]
        for (const callback of unapplied) {
          expect(await sms.recordInboundCallback(callback)).not.toBeNull()
        }
        // The double opt-in request, YES's confirmation, the reminder, HELP's answer, the test.
        await waitFor(async () => textsToPhone().length >= 5 || undefined)

        const sent = textsToPhone().map((batch) => batch.body)
        const texts = [...sent, stop, "Who is this? Is my linen shirt still there"]
        const needles = [...PHONE_FORMS, ...texts]
        const { rows: plugin } = await dbConnection.raw(
          `SELECT count(*)::int AS count FROM notification WHERE "to" = ? AND trigger_type NOT IN (${TEXT_TRIGGERS.map(() => "?").join(", ")})`,
          [PHONE, ...TEXT_TRIGGERS]
        )
        // A kind of text the erase does not know would be missed by it.
        expect(plugin[0].count).toBe(0)
        const before = (await findInEveryTable(dbConnection, needles)).map((hit) => hit.column)
        expect(before).toEqual(
          expect.arrayContaining([
            "cart_address.phone",
            "sms_consent.phone",
            "sms_consent_event.phone",
            "sms_recovery.phone",
            "sms_message.to",
            "sms_message.body",
            "sms_inbound_callback.payload",
            "notification.to",
            "notification.data",
          ])
        )

        const response = await erase(PHONE)

        expect(response.status).toBe(200)
        // The unapplied STOP was honoured first: confirmed by text, and in the ledger (hashed).
        const after = textsToPhone()
        expect(after).toHaveLength(sent.length + 1)
        expect(after[after.length - 1].body).toMatch(/unsubscribed|opted out|no more/i)
        texts.push(after[after.length - 1].body)
        const hash = response.data.erased.phone_hash
        const [suppression] = await sms.listConsents({ phone: hash })
        expect(suppression.status).toBe("opted_out")
        const ledger = await sms.listConsentEvents({ consent_id: suppression.id }, { order: { occurred_at: "ASC" } })
        expect(ledger.map((event) => [event.type, event.channel])).toEqual([
          ["requested", "checkout"],
          ["confirmed", "keyword"],
          ["help", "keyword"],
          ["opted_out", "keyword"],
          ["erased", "admin"],
        ])
        // The unapplied delivery report was applied first; the START was not (and is deleted).
        expect((await sms.listMessages({ id: reminder.id }))[0]).toMatchObject({ status: "delivered", to: hash, body: null })
        // Every text sent to it has its notification deleted, and so has the feed entry quoting its reply.
        expect(response.data.erased).toMatchObject({ replies: 1, callbacks: 1, notifications: after.length + 1 })

        const columns = await searchedColumns(dbConnection)
        const left = await findInEveryTable(dbConnection, [...PHONE_FORMS, ...texts])
        // The scan reached Medusa's tables and the plugin's, and still finds the store's copy.
        expect(columns.get("notification")).toEqual(expect.arrayContaining(["to", "data"]))
        expect(columns.get("sms_inbound_callback")).toEqual(expect.arrayContaining(["payload", "last_error"]))
        expect(left.map((hit) => hit.column)).toContain("cart_address.phone")
        expect(left.find((hit) => hit.column === "cart_address.phone")!.found).toEqual(
          expect.arrayContaining([PHONE, NATIONAL_PHONE])
        )
        expect(left.filter((hit) => !STORE_COLUMNS.includes(hit.column))).toEqual([])
        // Where the plugin keeps the number, it keeps the hash.
        const { rows: hashed } = await dbConnection.raw(
          `SELECT (SELECT count(*) FROM sms_consent WHERE phone = ?)::int AS consents,
                  (SELECT count(*) FROM sms_consent_event WHERE phone = ?)::int AS events,
                  (SELECT count(*) FROM sms_recovery WHERE phone = ?)::int AS recoveries,
                  (SELECT count(*) FROM sms_message WHERE "to" = ?)::int AS messages`,
          [hash, hash, hash, hash]
        )
        expect(hashed[0]).toEqual({ consents: 1, events: ledger.length, recoveries: 1, messages: 1 })
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

        expect(second.data.erased).toEqual({
          ...first.data.erased,
          consents: 0,
          events: 0,
          recoveries: 0,
          messages: 0,
          replies: 0,
          callbacks: 0,
          notifications: 0,
        })
        expect(never.data.erased).toMatchObject({ consents: 0, events: 0, recoveries: 0, messages: 0, notifications: 0 })
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
