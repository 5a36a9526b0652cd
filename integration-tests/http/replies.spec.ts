import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { calculateWebhookSignature, computeSignedData } from "@sinch/sdk-client"
import type SmsRecoveryModuleService from "../../src/modules/sms_recovery/service"
import { applyUnappliedInboundCallbacks, inboundTextCallback } from "../../src/sweep/sinch-callbacks"
import { enableCampaign, HOUR, lastActiveAt, MINUTE, optIn, recoveryOf, sweepAt, testEpoch } from "../helpers/recovery"
import { useSinchSimulator } from "../helpers/sinch"
import { createShopperCart, setUpStore, type TestStore } from "../helpers/store"
import { waitFor } from "../helpers/wait"

jest.setTimeout(240_000)

const SECRET = "whsec-replies-spec-0123456789"
const PHONE = "+14155550123"
const STRANGER = "+14155550199"
const STORE_NUMBER = "+12025550100"
const REPLY_TRIGGER = "sms-recovery.reply"

/** Headers Sinch would send, signed with the Sinch SDK's own helpers. */
function sdkSign(body: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000))
  const nonce = `nonce-${Math.random().toString(36).slice(2)}-${Date.now()}`
  return {
    "content-type": "application/json",
    "x-sinch-webhook-signature-timestamp": timestamp,
    "x-sinch-webhook-signature-nonce": nonce,
    "x-sinch-webhook-signature-algorithm": "HmacSHA256",
    "x-sinch-webhook-signature": calculateWebhookSignature(computeSignedData(body, nonce, timestamp), SECRET),
  }
}

describe("replies: texts that are not keywords", () => {
  const simulator = useSinchSimulator({ callbackSecret: SECRET }, { SINCH_WEBHOOK_SECRET: SECRET })

  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      let store: TestStore
      let sms: SmsRecoveryModuleService
      let sim: ReturnType<typeof simulator>
      let inboundUrl: string

      const pathOf = (url: string) => {
        const { pathname, search } = new URL(url)
        return `${pathname}${search}`
      }
      const settled = () => waitFor(async () => (await sms.listInboundCallbacks({ applied_at: null })).length === 0)
      const inbound = async (body: string, options: { id?: string; from?: string; receivedAt?: Date } = {}) => {
        const answer = await sim.sendInbound(inboundUrl, {
          from: options.from ?? PHONE,
          to: STORE_NUMBER,
          body,
          id: options.id,
          receivedAt: options.receivedAt,
        })
        await settled()
        return answer
      }
      const feed = () =>
        getContainer()
          .resolve(Modules.NOTIFICATION)
          .listNotifications({ channel: "feed", trigger_type: REPLY_TRIGGER }, { order: { created_at: "ASC" } })
      const listReplies = (query = "") =>
        api.get(`/admin/sms-recovery/replies${query}`, { ...store.adminHeaders, validateStatus: () => true })

      /** A shopper's cart reminded by the first step, as the sweep texts it through Sinch. */
      const remindedCart = async (phone: string, firstName: string) => {
        const container = getContainer()
        const T = testEpoch()
        await enableCampaign(container, {}, new Date(T.getTime() - HOUR))
        const cartId = await createShopperCart(api, store, { phone, firstName })
        await optIn(container, phone)
        await lastActiveAt(container, cartId, T)
        const sweep = await sweepAt(container, new Date(T.getTime() + 31 * MINUTE))
        expect(sweep.outcomes.sent).toBe(1)
        return { cartId, recovery: await recoveryOf(container, cartId) }
      }

      beforeEach(async () => {
        sim = simulator()
        sim.clear()
        const container = getContainer()
        store = await setUpStore(api, container)
        sms = container.resolve<SmsRecoveryModuleService>("sms_recovery")
        const { data } = await api.get("/admin/sms-recovery/webhooks", store.adminHeaders)
        inboundUrl = `${api.defaults.baseURL}${pathOf(data.webhooks.inbound_url)}`
      })

      it("a reply to a reminder is stored once with its recovery and cart, and posted to the admin feed once", async () => {
        const { cartId, recovery } = await remindedCart(PHONE, "Ana")
        expect(sim.inbox()).toHaveLength(1)
        const body = JSON.stringify({
          type: "mo_text",
          id: "01JREPLYBLUEONEINSTOCK0000",
          from: PHONE.slice(1),
          to: STORE_NUMBER.slice(1),
          body: "Is the blue one still in stock?",
          received_at: new Date().toISOString(),
        })

        // Sinch retries a callback it saw no answer to: same message, new signature.
        for (let attempt = 0; attempt < 3; attempt++) {
          const answer = await api.post(pathOf(inboundUrl), body, {
            headers: sdkSign(body),
            transformRequest: [(data: string) => data],
            validateStatus: () => true,
          })
          expect(answer.status).toBe(200)
          await settled()
        }

        const replies = await sms.listReplies({ phone: PHONE })
        expect(replies).toHaveLength(1)
        expect(replies[0]).toMatchObject({
          body: "Is the blue one still in stock?",
          inbound_message_id: "01JREPLYBLUEONEINSTOCK0000",
          recovery_id: recovery.id,
          cart_id: cartId,
          customer_id: null,
        })

        const entries = await feed()
        expect(entries).toHaveLength(1)
        expect(entries[0]).toMatchObject({
          to: "",
          channel: "feed",
          template: "admin-ui",
          status: "success",
          resource_type: "sms_reply",
          resource_id: replies[0].id,
          data: {
            title: "Ana replied to a cart reminder",
            description: "“Is the blue one still in stock?”",
            reply_id: replies[0].id,
            recovery_id: recovery.id,
            cart_id: cartId,
          },
        })
        expect(JSON.stringify(entries[0])).not.toContain("5550123")
        // As the admin's notification panel reads it.
        const { data: panel } = await api.get("/admin/notifications?channel=feed", store.adminHeaders)
        expect(panel.notifications.map((notification: any) => notification.data.title)).toContain(
          "Ana replied to a cart reminder"
        )

        // A reply changes no consent and sends nothing back.
        expect((await sms.listConsents({ phone: PHONE }))[0].status).toBe("opted_in")
        expect(await sms.listConsentEvents({ phone: PHONE })).toHaveLength(0)
        expect(sim.inbox()).toHaveLength(1)
        expect((await recoveryOf(getContainer(), cartId)).status).toBe(recovery.status)

        const { status, data } = await listReplies()
        expect(status).toBe(200)
        expect(data).toEqual({
          replies: [
            {
              id: replies[0].id,
              phone: "+*******0123",
              body: "Is the blue one still in stock?",
              received_at: expect.any(String),
              recovery_id: recovery.id,
              cart_id: cartId,
              customer_id: null,
              created_at: expect.any(String),
            },
          ],
          count: 1,
          limit: 20,
          offset: 0,
        })
      })

      it("keywords and blank texts are not replies", async () => {
        await sms.createConsents([{ phone: PHONE, status: "opted_in", country: "US" }])

        for (const keyword of ["HELP", "Stop texting me", "START", "   "]) {
          expect((await inbound(keyword)).status).toBe(200)
        }

        expect(await sms.listReplies({})).toHaveLength(0)
        expect(await feed()).toHaveLength(0)
        expect((await sms.listConsents({ phone: PHONE }))[0].status).toBe("opted_in")
      })

      it("a text from a number never reminded is kept unlinked, named after the consent's customer", async () => {
        const [customer] = await getContainer()
          .resolve(Modules.CUSTOMER)
          .createCustomers([{ email: "bea@example.com", first_name: "Bea", phone: STRANGER }])
        await sms.createConsents([{ phone: STRANGER, status: "opted_in", country: "US", customer_id: customer.id }])

        await inbound("who is this? call me on +1 415 555 0100", { from: STRANGER })

        const [reply] = await sms.listReplies({ phone: STRANGER })
        expect(reply).toMatchObject({ recovery_id: null, cart_id: null, customer_id: customer.id })
        const [entry] = await feed()
        expect(entry.data).toMatchObject({
          title: "Bea texted the store",
          description: "“who is this? call me on +*******0100”",
        })
        // The stored text is what the shopper wrote, for the person answering.
        expect(reply.body).toBe("who is this? call me on +1 415 555 0100")
      })

      it("a number with no name anywhere is named by its masked number", async () => {
        await inbound("hello?", { from: STRANGER })

        const [entry] = await feed()
        expect(entry.data).toMatchObject({ title: "+*******0199 texted the store", description: "“hello?”" })
      })

      it("links a reply to the reminder sent before it, not to a later one", async () => {
        const { recovery } = await remindedCart(PHONE, "Ana")
        const [message] = await sms.listMessages({ recovery_id: recovery.id })

        await inbound("too late?", { receivedAt: new Date(message.sent_at!.getTime() - MINUTE) })

        const [reply] = await sms.listReplies({ phone: PHONE })
        expect(reply).toMatchObject({ recovery_id: null, cart_id: null })
        expect((await feed())[0].data).toMatchObject({ title: "+*******0123 texted the store" })
      })

      it("a reply recorded by a process that stopped before applying it is applied by the retry job, once", async () => {
        await remindedCart(PHONE, "Ana")
        const recorded = await sms.recordInboundCallback(
          inboundTextCallback({ id: "01JREPLYLEFTFORTHEJOB00000", from: PHONE, to: STORE_NUMBER, body: "Can I pay later?" })
        )
        expect(recorded).not.toBeNull()
        expect(await sms.listReplies({})).toHaveLength(0)

        const later = new Date(Date.now() + 1_000)
        expect(await applyUnappliedInboundCallbacks(getContainer(), { recordedBefore: later })).toBe(1)
        expect(await applyUnappliedInboundCallbacks(getContainer(), { recordedBefore: later })).toBe(0)
        // Sinch's late retry of it is recognised and changes nothing.
        expect((await inbound("Can I pay later?", { id: "01JREPLYLEFTFORTHEJOB00000" })).status).toBe(200)

        expect(await sms.listReplies({})).toHaveLength(1)
        expect(await feed()).toHaveLength(1)
      })

      describe("GET /admin/sms-recovery/replies", () => {
        const base = Date.now() - 10 * MINUTE
        beforeEach(async () => {
          for (const [index, from] of [PHONE, STRANGER, PHONE].entries()) {
            await inbound(`question ${index + 1}`, { from, receivedAt: new Date(base + index * MINUTE) })
          }
        })

        it("pages newest first", async () => {
          const first = await listReplies("?limit=2")
          expect(first.status).toBe(200)
          expect(first.data).toMatchObject({ count: 3, limit: 2, offset: 0 })
          expect(first.data.replies.map((reply: any) => reply.body)).toEqual(["question 3", "question 2"])

          const second = await listReplies("?limit=2&offset=2")
          expect(second.data).toMatchObject({ count: 3, limit: 2, offset: 2 })
          expect(second.data.replies.map((reply: any) => reply.body)).toEqual(["question 1"])
        })

        it("finds a number's replies however the admin writes it, and shows it masked", async () => {
          const { status, data } = await listReplies(`?phone=${encodeURIComponent("(415) 555-0199")}`)

          expect(status).toBe(200)
          expect(data.count).toBe(1)
          expect(data.replies).toEqual([expect.objectContaining({ body: "question 2", phone: "+*******0199" })])
        })

        it.each([
          ["?limit=0", "limit"],
          ["?limit=101", "limit"],
          ["?limit=ten", "limit"],
          ["?offset=-1", "offset"],
          ["?phone=call-me", "phone"],
          ["?cart_id=", "cart_id"],
          ["?sort=body", "sort"],
        ])("answers %s with a 400 naming the field", async (query, field) => {
          const { status, data } = await listReplies(query)

          expect(status).toBe(400)
          expect(data.type).toBe("invalid_data")
          expect(data.message).toContain(field)
        })

        it("is for admins only", async () => {
          const { status } = await api.get("/admin/sms-recovery/replies", { validateStatus: () => true })
          expect(status).toBe(401)
        })
      })
    },
  })
})
