import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import {
  calculateWebhookSignature,
  computeSignedData,
  validateWebhookSignature,
} from "@sinch/sdk-client"
import type SmsRecoveryModuleService from "../../src/modules/sms_recovery/service"
import { applyUnappliedInboundCallbacks, inboundTextCallback } from "../../src/sweep/sinch-callbacks"
import { seedIdleCarts } from "../../support/seed-idle-carts"
import { enableCampaign, MINUTE, sweepAt, testEpoch } from "../helpers/recovery"
import { setUpStore, type TestStore } from "../helpers/store"
import { useSinchSimulator } from "../helpers/sinch"
import { waitFor } from "../helpers/wait"

jest.setTimeout(180_000)

const SECRET = "whsec-webhooks-spec-0123456789"
const PHONE = "+14155550123"
const MSISDN = "14155550123"
const OTHER_PHONE = "+14155550199"
const STORE_NUMBER = "+12025550100"

type Signed = { headers: Record<string, string>; body: string }

/** Headers signed with the Sinch SDK's own helpers (not the plugin's code). */
function sdkSign(
  body: string,
  options: { secret?: string; timestamp?: number; nonce?: string } = {}
): Record<string, string> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000))
  const nonce = options.nonce ?? `nonce-${Math.random().toString(36).slice(2)}-${Date.now()}`
  return {
    "content-type": "application/json",
    "x-sinch-webhook-signature-timestamp": timestamp,
    "x-sinch-webhook-signature-nonce": nonce,
    "x-sinch-webhook-signature-algorithm": "HmacSHA256",
    "x-sinch-webhook-signature": calculateWebhookSignature(
      computeSignedData(body, nonce, timestamp),
      options.secret ?? SECRET
    ),
  }
}

function moText(body: string, id = `mo-${Math.random().toString(36).slice(2)}`, from = MSISDN) {
  return JSON.stringify({
    type: "mo_text",
    id,
    from,
    to: "12025550100",
    body,
    received_at: new Date().toISOString(),
  })
}

describe("Sinch webhooks", () => {
  // A send held at the simulator for seconds must not time out in the provider.
  const simulator = useSinchSimulator(
    { callbackSecret: SECRET },
    { SINCH_WEBHOOK_SECRET: SECRET, SINCH_TIMEOUT_MS: "10000" }
  )

  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      let store: TestStore
      let sms: SmsRecoveryModuleService
      let sim: ReturnType<typeof simulator>
      let inboundUrl: string
      let deliveryUrl: string

      /** The admin route's URL, pointed at this test's server. */
      const onTestServer = (url: string) => {
        const { pathname, search } = new URL(url)
        return `${api.defaults.baseURL}${pathname}${search}`
      }
      const pathOf = (url: string) => {
        const { pathname, search } = new URL(url)
        return `${pathname}${search}`
      }
      const postRaw = (url: string, signed: Signed) =>
        api.post(pathOf(url), signed.body, {
          headers: signed.headers,
          transformRequest: [(data: string) => data],
          validateStatus: () => true,
        })

      const ledger = (phone = PHONE) =>
        sms.listConsentEvents({ phone }, { order: { occurred_at: "ASC", created_at: "ASC" } })
      const consentOf = async (phone = PHONE) => (await sms.listConsents({ phone }))[0]
      const textsTo = (msisdn = MSISDN) => sim.inbox().filter((batch) => batch.to.includes(msisdn))
      const unappliedCallbacks = () => sms.listInboundCallbacks({ applied_at: null })
      /** Waits until every recorded callback has been applied (most are before the answer). */
      const settled = () => waitFor(async () => (await unappliedCallbacks()).length === 0)

      beforeEach(async () => {
        sim = simulator()
        sim.clear()
        const container = getContainer()
        store = await setUpStore(api, container)
        sms = container.resolve<SmsRecoveryModuleService>("sms_recovery")
        const { data } = await api.get("/admin/sms-recovery/webhooks", store.adminHeaders)
        inboundUrl = onTestServer(data.webhooks.inbound_url)
        deliveryUrl = onTestServer(data.webhooks.delivery_url)
      })

      it("gives the admin both callback URLs with their tokens, and says signatures are required", async () => {
        const { data } = await api.get("/admin/sms-recovery/webhooks", store.adminHeaders)
        expect(data.webhooks).toEqual({
          inbound_url: expect.stringMatching(/^http:\/\/localhost:9000\/webhooks\/sinch\/inbound\?token=[A-Za-z0-9_-]{43}$/),
          delivery_url: expect.stringMatching(/^http:\/\/localhost:9000\/webhooks\/sinch\/delivery\?token=[A-Za-z0-9_-]{43}$/),
          signature_required: true,
        })
        expect(new URL(data.webhooks.inbound_url).searchParams.get("token")).not.toBe(
          new URL(data.webhooks.delivery_url).searchParams.get("token")
        )
      })

      describe("authentication", () => {
        beforeEach(async () => {
          await sms.createConsents([{ phone: PHONE, status: "opted_in", country: "US" }])
        })

        const expectNothingChanged = async () => {
          expect((await consentOf()).status).toBe("opted_in")
          expect(await ledger()).toHaveLength(0)
          expect(textsTo()).toHaveLength(0)
          expect(await sms.listInboundCallbacks({})).toHaveLength(0)
        }

        it("accepts a callback the Sinch SDK signed and vouches for", async () => {
          const body = moText("STOP")
          const headers = sdkSign(body)
          expect(validateWebhookSignature(SECRET, headers, body)).toBe(true)

          const response = await postRaw(inboundUrl, { headers, body })

          expect(response.status).toBe(200)
          expect(response.data).toEqual({ received: true })
          await settled()
          expect((await consentOf()).status).toBe("opted_out")
        })

        it("accepts the simulator's signed callbacks (which the SDK validates)", async () => {
          const result = await sim.sendInbound(inboundUrl, { from: PHONE, to: STORE_NUMBER, body: "STOP" })
          expect(result).toEqual({ status: 200, body: { received: true } })
        })

        it.each([
          ["a wrong secret", (body: string) => ({ body, headers: sdkSign(body, { secret: "not-the-secret" }) })],
          ["a changed body", (body: string) => ({ body: body.replace("STOP", "HELP"), headers: sdkSign(body) })],
          [
            "a stale timestamp (6 minutes)",
            (body: string) => ({ body, headers: sdkSign(body, { timestamp: Math.floor(Date.now() / 1000) - 360 }) }),
          ],
          [
            "no signature",
            (body: string) => ({ body, headers: { "content-type": "application/json" } }),
          ],
        ])("refuses %s with 401 and changes nothing", async (_, sign) => {
          const signed = sign(moText("STOP"))
          const response = await postRaw(inboundUrl, signed)

          expect(response.status).toBe(401)
          expect(response.data).toEqual({ type: "unauthorized", message: "Invalid webhook credentials" })
          await expectNothingChanged()
        })

        it("refuses a replayed request (same nonce) with 401", async () => {
          const body = moText("HELP")
          const signed = { body, headers: sdkSign(body) }
          expect((await postRaw(inboundUrl, signed)).status).toBe(200)
          await settled()
          expect(textsTo()).toHaveLength(1)

          const replay = await postRaw(inboundUrl, signed)

          expect(replay.status).toBe(401)
          expect(textsTo()).toHaveLength(1)
          expect(await ledger()).toHaveLength(1)
        })

        it.each([
          ["no token", (url: string) => url.replace(/\?token=.*$/, "")],
          ["a wrong token", (url: string) => url.replace(/token=.*$/, "token=AAAA")],
          ["the delivery URL's token", (url: string) => url.replace(/token=.*$/, `token=${new URL(deliveryUrl).searchParams.get("token")}`)],
        ])("refuses %s with 401, even when signed", async (_, tamper) => {
          const body = moText("STOP")
          const response = await postRaw(tamper(inboundUrl), { body, headers: sdkSign(body) })

          expect(response.status).toBe(401)
          await expectNothingChanged()
        })

        it("answers malformed JSON with 400 and changes nothing", async () => {
          const body = '{"type":"mo_text","id":'
          const response = await postRaw(inboundUrl, { body, headers: sdkSign(body) })

          expect(response.status).toBe(400)
          await expectNothingChanged()
        })

        it("validates the body after authenticating it: a 10,000-character text is a 400 naming the field", async () => {
          const body = moText("x".repeat(10_000))
          const response = await postRaw(inboundUrl, { body, headers: sdkSign(body) })

          expect(response.status).toBe(400)
          expect(response.data.message).toBe("Invalid request: Value for field 'body' too big, expected at most: '2000'")
          await expectNothingChanged()
        })

        it.each([
          ["a sender that is not a number", { type: "mo_text", id: "m1", from: "ACME", to: "1", body: "STOP" }, "Field 'from'"],
          ["a missing id", { type: "mo_text", from: MSISDN, to: "1", body: "STOP" }, "Field 'id' is required"],
          ["a numeric body", { type: "mo_text", id: "m1", from: MSISDN, to: "1", body: 5 }, "field 'body'"],
        ])("refuses %s with 400", async (_, payload, field) => {
          const body = JSON.stringify(payload)
          const response = await postRaw(inboundUrl, { body, headers: sdkSign(body) })

          expect(response.status).toBe(400)
          expect(response.data.message).toContain(field)
          await expectNothingChanged()
        })

        it("acknowledges a callback type it does not handle", async () => {
          const body = JSON.stringify({ type: "mo_binary", id: "b1", from: MSISDN, to: "1", body: "AAEC" })
          const response = await postRaw(inboundUrl, { body, headers: sdkSign(body) })

          expect(response.status).toBe(200)
          expect(response.data).toEqual({ received: true, ignored: true })
          await expectNothingChanged()
        })
      })

      describe("keywords", () => {
        const inbound = async (body: string, id?: string, from = PHONE) => {
          const answer = await sim.sendInbound(inboundUrl, { from, to: STORE_NUMBER, body, id })
          await settled()
          return answer
        }

        const openRecovery = (phone: string, cartId: string, status: "tracking" | "active" = "tracking") =>
          sms.createRecoveries([
            {
              cart_id: cartId,
              phone,
              status,
              last_activity_at: new Date(),
              next_send_at: new Date(Date.now() + 60_000),
            },
          ])

        /** A second idle cart of the number, due now, tracked like the seeded ones. */
        const seedSecondCart = async (phone: string) => {
          const [campaign] = await sms.listCampaigns({})
          const [cart] = await getContainer()
            .resolve(Modules.CART)
            .createCarts([
              {
                currency_code: "usd",
                region_id: store.regionId,
                email: "second@example.com",
                items: [{ title: "Linen Shirt", product_title: "Linen Shirt", quantity: 1, unit_price: 49 }],
                shipping_address: { first_name: "Ana", phone, country_code: "us", province: "CA" },
              },
            ])
          const T = testEpoch()
          return sms.createRecoveries([
            {
              cart_id: cart.id,
              campaign_id: campaign.id,
              status: "tracking",
              last_activity_at: T,
              next_send_at: new Date(T.getTime() + 30 * MINUTE),
            },
          ])
        }

        it("STOP opts out, ends every open recovery of the number, and sends one confirmation for three retries", async () => {
          await sms.createConsents([{ phone: PHONE, status: "opted_in", country: "US" }])
          await openRecovery(PHONE, "cart_a", "tracking")
          await openRecovery(PHONE, "cart_b", "active")
          await openRecovery(OTHER_PHONE, "cart_c", "tracking")

          for (let attempt = 0; attempt < 3; attempt++) {
            expect((await inbound("STOP", "01JSTOPRETRIEDTHREETIMES00")).status).toBe(200)
          }

          const recorded = await sms.listInboundCallbacks({ external_id: "01JSTOPRETRIEDTHREETIMES00" })
          expect(recorded).toHaveLength(1)
          expect(recorded[0]).toMatchObject({ kind: "mo_text", payload: null, opt_out_phone_key: null })
          expect(recorded[0].applied_at).not.toBeNull()

          expect((await consentOf()).status).toBe("opted_out")
          const events = await ledger()
          expect(events).toHaveLength(1)
          expect(events[0]).toMatchObject({
            type: "opted_out",
            channel: "keyword",
            inbound_text: "STOP",
            inbound_message_id: "01JSTOPRETRIEDTHREETIMES00",
          })
          const recoveries = await sms.listRecoveries({ phone: PHONE })
          expect(recoveries).toHaveLength(2)
          for (const recovery of recoveries) {
            expect(recovery).toMatchObject({ status: "opted_out", reason: "stop_keyword", next_send_at: null })
            expect(recovery.ended_at).not.toBeNull()
          }
          const [untouched] = await sms.listRecoveries({ phone: OTHER_PHONE })
          expect(untouched).toMatchObject({ status: "tracking", reason: null })
          expect(untouched.next_send_at).not.toBeNull()
          const texts = textsTo()
          expect(texts).toHaveLength(1)
          expect(texts[0].body).toBe(
            "Acme: You're unsubscribed from cart reminders. No more messages will be sent. Reply START to resubscribe."
          )
          // Sinch refuses a batch that asks for a delivery report with nowhere to post it.
          expect(texts[0].callback_url).toMatch(/\/webhooks\/sinch\/delivery\?token=/)
        })

        it("a STOP arriving while a reminder to its number hangs at Sinch is answered within a second; no reminder leaves after it", async () => {
          const T = testEpoch()
          await enableCampaign(getContainer(), {}, new Date(T.getTime() - 60 * MINUTE))
          await seedIdleCarts(getContainer(), {
            regionId: store.regionId,
            phones: [PHONE],
            lastActivityAt: T,
            dueAt: new Date(T.getTime() + 30 * MINUTE),
          })
          const [first] = await sms.listRecoveries({ status: "tracking" })
          sim.injectFault({ latencyMs: 3_000 })

          // The sweep reads consent under the number's lock and hands the text to Sinch, which
          // holds the request for 3 s: the lock is held all that time.
          const sweep = sweepAt(getContainer(), new Date(T.getTime() + 31 * MINUTE), { workerId: "held" })
          await waitFor(() => sim.requests().some((request) => request.method === "POST" && request.status === null))

          const started = Date.now()
          const stop = await sim.sendInbound(inboundUrl, { from: PHONE, to: STORE_NUMBER, body: "STOP", id: "01JSTOPDURINGHELDSEND00000" })
          const answeredInMs = Date.now() - started

          expect(stop).toEqual({ status: 200, body: { received: true } })
          expect(answeredInMs).toBeLessThan(1_000)
          // Recorded, not applied yet (the send holds the lock), and already binding on sends.
          expect((await consentOf()).status).toBe("opted_in")
          expect((await sms.consentStatusesForSend([PHONE])).get(PHONE)).toBe("opted_out")

          // Another reminder to the number falls due now; its sweep must send nothing.
          const [other] = await seedSecondCart(PHONE)
          const second = sweepAt(getContainer(), new Date(T.getTime() + 31 * MINUTE), { workerId: "after-stop" })
          const [held, after] = await Promise.all([sweep, second])

          expect(held.outcomes.sent).toBe(1)
          expect(after.outcomes.sent ?? 0).toBe(0)
          await settled()
          expect((await consentOf()).status).toBe("opted_out")
          expect((await ledger()).map((event) => event.type)).toEqual(["opted_out"])
          for (const recovery of await sms.listRecoveries({ cart_id: [first.cart_id, other.cart_id] })) {
            expect(recovery).toMatchObject({ status: "opted_out", next_send_at: null })
          }
          // The reminder handed to Sinch before the STOP, and the one confirmation.
          const texts = textsTo()
          expect(texts).toHaveLength(2)
          expect(texts.filter((text) => /unsubscribed/.test(text.body))).toHaveLength(1)
          const [message] = await sms.listMessages({ status: ["sent", "delivered"] })
          expect(texts.map((text) => text.client_reference)).toContain(message.idempotency_key)
          expect(await sms.listMessages({ recovery_id: other.id, status: ["sent", "delivered"] })).toHaveLength(0)
        })

        it("a STOP recorded by a process that stopped before applying it blocks sends, and the retry applies it", async () => {
          await sms.createConsents([{ phone: PHONE, status: "opted_in", country: "US" }])
          await openRecovery(PHONE, "cart_stopped_process", "active")
          const recorded = await sms.recordInboundCallback(
            inboundTextCallback({ id: "01JSTOPNEVERAPPLIED0000000", from: PHONE, to: STORE_NUMBER, body: "Stop" })
          )
          expect(recorded).not.toBeNull()

          expect((await sms.consentStatusesForSend([PHONE])).get(PHONE)).toBe("opted_out")
          expect((await sms.consentStatusesForSend([OTHER_PHONE])).get(OTHER_PHONE)).toBe("none")
          expect((await consentOf()).status).toBe("opted_in")

          // Sinch retries what it may not have seen answered: still recorded once.
          expect((await inbound("Stop", "01JSTOPNEVERAPPLIED0000000")).status).toBe(200)
          expect(await sms.listInboundCallbacks({ external_id: "01JSTOPNEVERAPPLIED0000000" })).toHaveLength(1)
          expect(await applyUnappliedInboundCallbacks(getContainer(), { recordedBefore: new Date(Date.now() + 1_000) })).toBe(0)

          expect((await consentOf()).status).toBe("opted_out")
          expect((await sms.listRecoveries({ cart_id: "cart_stopped_process" }))[0].status).toBe("opted_out")
          expect(textsTo()).toHaveLength(1)
          expect((await sms.consentStatusesForSend([PHONE])).get(PHONE)).toBe("opted_out")
        })

        it("the retry job's path applies a recorded STOP nobody applied", async () => {
          await sms.createConsents([{ phone: PHONE, status: "opted_in", country: "US" }])
          await sms.recordInboundCallback(
            inboundTextCallback({ id: "01JSTOPLEFTFORTHEJOB000000", from: PHONE, to: STORE_NUMBER, body: "STOP" })
          )

          expect(await applyUnappliedInboundCallbacks(getContainer(), { recordedBefore: new Date(Date.now() + 1_000) })).toBe(1)

          expect((await consentOf()).status).toBe("opted_out")
          expect(await unappliedCallbacks()).toHaveLength(0)
          expect(textsTo()).toHaveLength(1)
        })

        it('"Stop texting me" counts as STOP', async () => {
          await sms.createConsents([{ phone: PHONE, status: "opted_in", country: "US" }])

          await inbound("Stop texting me")

          expect((await consentOf()).status).toBe("opted_out")
          expect(textsTo()).toHaveLength(1)
        })

        it("STOP from a number never seen creates an opted-out suppression entry", async () => {
          await inbound("unsubscribe")

          expect(await consentOf()).toMatchObject({ status: "opted_out", country: "US" })
          expect((await ledger()).map((event) => event.type)).toEqual(["opted_out"])
        })

        it("START opts an opted-out number back in, with a confirmation", async () => {
          await sms.createConsents([{ phone: PHONE, status: "opted_out", country: "US" }])

          await inbound("start")

          expect((await consentOf()).status).toBe("opted_in")
          expect((await ledger()).map((event) => [event.type, event.channel])).toEqual([["opted_in", "keyword"]])
          const texts = textsTo()
          expect(texts).toHaveLength(1)
          expect(texts[0].body).toBe(
            "Acme: You're subscribed to cart reminders. 1 msg per abandoned cart. Msg & data rates may apply. Reply HELP for help, STOP to opt out."
          )
        })

        it("YES confirms a pending consent and resumes the recoveries waiting for it", async () => {
          await sms.createConsents([{ phone: PHONE, status: "pending", country: "US" }])
          await sms.createRecoveries([
            { cart_id: "cart_waiting", phone: PHONE, status: "tracking", last_activity_at: new Date(), reason: "no_consent" },
          ])

          await inbound("Yes")

          expect((await consentOf()).status).toBe("opted_in")
          expect((await ledger()).map((event) => event.type)).toEqual(["confirmed"])
          const [recovery] = await sms.listRecoveries({ cart_id: "cart_waiting" })
          expect(recovery.reason).toBeNull()
          expect(recovery.next_send_at).not.toBeNull()
          expect(textsTo()).toHaveLength(1)
        })

        it("a late retry of an old STOP does not undo a newer START", async () => {
          await sms.createConsents([{ phone: PHONE, status: "opted_in", country: "US" }])
          await inbound("STOP", "01JOLDSTOP0000000000000000")
          await inbound("START", "01JNEWSTART000000000000000")

          await inbound("STOP", "01JOLDSTOP0000000000000000")

          expect((await consentOf()).status).toBe("opted_in")
          expect((await ledger()).map((event) => event.type)).toEqual(["opted_out", "opted_in"])
          expect(textsTo()).toHaveLength(2)
        })

        it("HELP gets the help text with brand, support contact and STOP, and creates no consent", async () => {
          await inbound("help")

          const texts = textsTo()
          expect(texts).toHaveLength(1)
          expect(texts[0].body).toBe(
            "Acme cart reminders: 1 msg per abandoned cart. Msg & data rates may apply. Help: support@example.com. Reply STOP to opt out."
          )
          expect(await consentOf()).toBeUndefined()
        })

        it("HELP from a number with a consent is recorded in its ledger", async () => {
          await sms.createConsents([{ phone: PHONE, status: "opted_in", country: "US" }])

          await inbound("INFO")

          expect((await ledger()).map((event) => [event.type, event.inbound_text])).toEqual([["help", "INFO"]])
          expect((await consentOf()).status).toBe("opted_in")
        })

        it('"stopwatch deal?" changes nothing', async () => {
          await sms.createConsents([{ phone: PHONE, status: "opted_in", country: "US" }])
          await openRecovery(PHONE, "cart_a")

          const result = await inbound("stopwatch deal?")

          expect(result).toEqual({ status: 200, body: { received: true } })
          expect((await consentOf()).status).toBe("opted_in")
          expect(await ledger()).toHaveLength(0)
          expect((await sms.listRecoveries({ phone: PHONE }))[0].status).toBe("tracking")
          expect(textsTo()).toHaveLength(0)
        })
      })

      describe("delivery reports", () => {
        const BATCH = "01JBATCHDELIVERYREPORTS000"
        let messageId: string

        beforeEach(async () => {
          const [recovery] = await sms.createRecoveries([
            { cart_id: "cart_dr", phone: PHONE, status: "active", last_activity_at: new Date() },
          ])
          const [message] = await sms.createMessages([
            {
              recovery_id: recovery.id,
              step_id: "smsstep_test",
              step_position: 1,
              idempotency_key: `recovery:${recovery.id}:step:1`,
              to: PHONE,
              body: "Acme: Ana, your cart is waiting. Reply STOP to opt out",
              status: "sent",
              batch_id: BATCH,
              sent_at: new Date(),
            },
          ])
          messageId = message.id
        })

        const report = async (status: string, code: number, at = new Date(), batchId = BATCH) => {
          const answer = await sim.sendDeliveryReport(deliveryUrl, { batchId, recipient: PHONE, status: status as "Delivered", code, at })
          await settled()
          return answer
        }
        const message = async () => (await sms.listMessages({ id: messageId }))[0]

        it("Delivered sets delivered_at to the report's time", async () => {
          const at = new Date("2026-11-28T10:15:00.000Z")

          expect(await report("Delivered", 0, at)).toEqual({ status: 200, body: { received: true } })

          expect(await message()).toMatchObject({ status: "delivered", delivered_at: at, error_code: null })
        })

        it("a late Dispatched after Delivered does not downgrade it; a duplicate Delivered changes nothing", async () => {
          const at = new Date("2026-11-28T10:15:00.000Z")
          await report("Delivered", 0, at)

          await report("Dispatched", 401, new Date("2026-11-28T10:14:00.000Z"))
          await report("Delivered", 0, new Date("2026-11-28T10:20:00.000Z"))

          expect(await message()).toMatchObject({ status: "delivered", delivered_at: at })
        })

        it("a report Sinch sends twice is recorded once; a later status of the batch is a report of its own", async () => {
          const at = new Date("2026-11-28T10:15:00.000Z")
          const body = JSON.stringify({
            type: "recipient_delivery_report_sms",
            batch_id: BATCH,
            recipient: MSISDN,
            code: 401,
            status: "Dispatched",
            at: at.toISOString(),
          })
          for (let attempt = 0; attempt < 2; attempt++) {
            expect((await postRaw(deliveryUrl, { body, headers: sdkSign(body) })).status).toBe(200)
          }
          await report("Delivered", 0, at)

          const recorded = await sms.listInboundCallbacks({ kind: "delivery_report" })
          expect(recorded).toHaveLength(2)
          expect(recorded.every((callback) => callback.external_id.startsWith(`${BATCH}:`) && callback.applied_at)).toBe(true)
          expect(await message()).toMatchObject({ status: "delivered", delivered_at: at })
        })

        it("code 402 (unroutable) marks the message undeliverable with Sinch's code", async () => {
          await report("Failed", 402)

          expect(await message()).toMatchObject({
            status: "undeliverable",
            error_code: "402",
            error_message: "Failed: unroutable (402)",
            delivered_at: null,
          })
        })

        it("other failures mark it failed, and a later Delivered does not overwrite the final status", async () => {
          await report("Expired", 406)
          await report("Delivered", 0)

          expect(await message()).toMatchObject({ status: "failed", error_code: "406", delivered_at: null })
        })

        it("answers 200 for an unknown batch, so Sinch does not retry forever", async () => {
          expect(await report("Delivered", 0, new Date(), "01JUNKNOWNBATCH00000000000")).toEqual({
            status: 200,
            body: { received: true },
          })
          expect((await message()).status).toBe("sent")
        })

        it("finds a message whose report arrives before its batch id was recorded, by client_reference", async () => {
          await sms.updateMessages([{ id: messageId, batch_id: null }])
          const [{ idempotency_key }] = await sms.listMessages({ id: messageId })

          await sim.sendDeliveryReport(deliveryUrl, {
            batchId: BATCH,
            recipient: PHONE,
            status: "Delivered",
            code: 0,
            clientReference: idempotency_key,
          })
          await settled()

          expect(await message()).toMatchObject({ status: "delivered", batch_id: BATCH })
        })

        it("tolerates a batch summary report (delivery_report_sms)", async () => {
          const body = JSON.stringify({
            type: "delivery_report_sms",
            batch_id: BATCH,
            total_message_count: 1,
            statuses: [{ code: 0, status: "Delivered", count: 1 }],
          })

          const response = await postRaw(deliveryUrl, { body, headers: sdkSign(body) })

          expect(response.status).toBe(200)
          await settled()
          expect((await message()).status).toBe("delivered")
        })

        it("refuses an unsigned report with 401 and changes nothing", async () => {
          const body = JSON.stringify({
            type: "recipient_delivery_report_sms",
            batch_id: BATCH,
            recipient: MSISDN,
            code: 0,
            status: "Delivered",
            at: new Date().toISOString(),
          })

          const response = await postRaw(deliveryUrl, { body, headers: { "content-type": "application/json" } })

          expect(response.status).toBe(401)
          expect((await message()).status).toBe("sent")
          expect(await sms.listInboundCallbacks({})).toHaveLength(0)
        })

        it("refuses a report signed for the inbound URL's token", async () => {
          const body = JSON.stringify({ type: "recipient_delivery_report_sms", batch_id: BATCH, recipient: MSISDN, code: 0, status: "Delivered" })
          const wrong = deliveryUrl.replace(/token=.*$/, `token=${new URL(inboundUrl).searchParams.get("token")}`)

          expect((await postRaw(wrong, { body, headers: sdkSign(body) })).status).toBe(401)
          expect((await message()).status).toBe("sent")
        })
      })
    },
  })
})
