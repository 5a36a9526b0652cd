import { withConsentLock } from "../../src/utils/consent-lock"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import {
  calculateWebhookSignature,
  computeSignedData,
  validateWebhookSignature,
} from "@sinch/sdk-client"
import type SmsRecoveryModuleService from "../../src/modules/sms_recovery/service"
import { setUpStore, type TestStore } from "../helpers/store"
import { useSinchSimulator } from "../helpers/sinch"

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
  const simulator = useSinchSimulator({ callbackSecret: SECRET }, { SINCH_WEBHOOK_SECRET: SECRET })

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
        }

        it("accepts a callback the Sinch SDK signed and vouches for", async () => {
          const body = moText("STOP")
          const headers = sdkSign(body)
          expect(validateWebhookSignature(SECRET, headers, body)).toBe(true)

          const response = await postRaw(inboundUrl, { headers, body })

          expect(response.status).toBe(200)
          expect(response.data).toEqual({ received: true })
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
        const inbound = (body: string, id?: string, from = PHONE) =>
          sim.sendInbound(inboundUrl, { from, to: STORE_NUMBER, body, id })

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

        it("STOP opts out, ends every open recovery of the number, and sends one confirmation for three retries", async () => {
          await sms.createConsents([{ phone: PHONE, status: "opted_in", country: "US" }])
          await openRecovery(PHONE, "cart_a", "tracking")
          await openRecovery(PHONE, "cart_b", "active")
          await openRecovery(OTHER_PHONE, "cart_c", "tracking")

          for (let attempt = 0; attempt < 3; attempt++) {
            expect((await inbound("STOP", "01JSTOPRETRIEDTHREETIMES00")).status).toBe(200)
          }

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
        })

        it("a STOP arriving while a reminder is being sent waits for that send, and no text leaves after it", async () => {
          await sms.createConsents([{ phone: PHONE, status: "opted_in", country: "US" }])
          let stopAnswered = false
          let stop: Promise<{ status: number }> | undefined

          // What the sweep does around each send: hold the phone's consent lock, read the consent,
          // and call the provider only if it still says opted_in.
          const holdConsent = <T>(send: () => Promise<T>) =>
            withConsentLock(getContainer(), PHONE, async () => {
              const status = (await consentOf()).status
              return status === "opted_in" ? { sent: true, result: await send() } : { sent: false, status }
            })
          const inFlight = await holdConsent(async () => {
            stop = inbound("STOP").then((result) => {
              stopAnswered = true
              return result
            })
            await new Promise((resolve) => setTimeout(resolve, 750))
            return { stopAnsweredDuringSend: stopAnswered, statusDuringSend: (await consentOf()).status }
          })

          expect(inFlight).toEqual({ sent: true, result: { stopAnsweredDuringSend: false, statusDuringSend: "opted_in" } })
          expect((await stop!).status).toBe(200)
          expect((await consentOf()).status).toBe("opted_out")
          const next = await holdConsent(async () => "sent after the opt-out")
          expect(next).toEqual({ sent: false, status: "opted_out" })
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

        const report = (status: string, code: number, at = new Date(), batchId = BATCH) =>
          sim.sendDeliveryReport(deliveryUrl, { batchId, recipient: PHONE, status: status as "Delivered", code, at })
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
