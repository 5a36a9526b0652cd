import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { INotificationModuleService } from "@medusajs/framework/types"
import { useSinchSimulator } from "../helpers/sinch"
import { waitFor } from "../helpers/wait"

jest.setTimeout(120_000)

const TO = "+14155550123"
const TEXT = "Acme: Ana, your Linen Shirt is still in your cart. Reply STOP to opt out"

describe("Sinch provider through the notification module", () => {
  const simulator = useSinchSimulator()

  medusaIntegrationTestRunner({
    testSuite: ({ getContainer }) => {
      let notifications: INotificationModuleService

      let sim: ReturnType<typeof simulator>

      beforeEach(() => {
        sim = simulator()
        sim.clear()
        notifications = getContainer().resolve(Modules.NOTIFICATION)
      })

      const send = (key: string, overrides: Record<string, unknown> = {}) =>
        notifications.createNotifications({
          to: TO,
          channel: "sms",
          template: "test-text",
          content: { text: TEXT },
          idempotency_key: key,
          ...overrides,
        })

      const batchPosts = () =>
        sim.requests().filter((r) => r.method === "POST" && r.path.endsWith("/batches"))

      const rowsFor = async (key: string) => {
        const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
        const { data } = await query.graph({
          entity: "notification",
          fields: ["id", "status", "external_id"],
          filters: { idempotency_key: key },
        })
        return data
      }

      it("sends a text that arrives at Sinch with the key as client_reference", async () => {
        const notification = await send("test:success")

        const inbox = sim.inbox()
        expect(inbox).toHaveLength(1)
        expect(inbox[0]).toMatchObject({
          to: ["14155550123"],
          from: "12025550100",
          body: TEXT,
          client_reference: "test:success",
          delivery_report: "per_recipient_final",
        })
        expect(notification).toMatchObject({
          status: "success",
          external_id: inbox[0].id,
          provider_id: "sinch",
        })
      })

      it("passes provider_data.callback_url as the batch's callback URL", async () => {
        await send("test:callback", {
          provider_data: { callback_url: "https://api.example.com/webhooks/sinch/delivery?t=abc" },
        })

        expect(sim.inbox()[0].callback_url).toBe(
          "https://api.example.com/webhooks/sinch/delivery?t=abc"
        )
      })

      it("references a batch by a URL-safe form of an arbitrary idempotency key", async () => {
        sim.injectFault({ acceptThenHang: true })

        await send("order confirmation #1001 & co")

        expect(sim.inbox()).toHaveLength(1)
        expect(sim.inbox()[0].client_reference).toMatch(/^sha256-[0-9a-f]{64}$/)
      })

      it("fails at once on a Sinch 400, with Sinch's code and text", async () => {
        sim.injectFault({
          status: 400,
          body: { code: "syntax_invalid_parameter_format", text: "Invalid from address" },
        })

        await expect(send("test:400")).rejects.toThrow(
          /Sinch refused the SMS to \+\*+0123: HTTP 400 syntax_invalid_parameter_format: Invalid from address/
        )
        expect(batchPosts()).toHaveLength(1)
        expect(sim.inbox()).toHaveLength(0)
        expect(await rowsFor("test:400")).toMatchObject([{ status: "failure" }])
      })

      it("retries a 429 and sends exactly one text", async () => {
        sim.injectFault({ status: 429 })

        const notification = await send("test:429")

        expect(batchPosts().map((r) => r.status)).toEqual([429, 201])
        expect(sim.inbox()).toHaveLength(1)
        expect(notification.external_id).toBe(sim.inbox()[0].id)
      })

      it("finds a batch Sinch accepted before the request timed out instead of sending it again", async () => {
        sim.injectFault({ acceptThenHang: true })

        const notification = await send("test:hang")

        expect(batchPosts()).toHaveLength(1)
        expect(sim.inbox()).toHaveLength(1)
        expect(notification).toMatchObject({
          status: "success",
          external_id: sim.inbox()[0].id,
        })
      })

      it("waits for a request that outlives its timeout instead of sending a second text", async () => {
        // Sinch answers after 500 ms: past the 400 ms timeout, within the grace after it.
        sim.injectFault({ latencyMs: 500 })

        const notification = await send("test:slow")

        expect(batchPosts()).toHaveLength(1)
        expect(sim.inbox()).toHaveLength(1)
        expect(notification).toMatchObject({ status: "success", external_id: sim.inbox()[0].id })
      })

      it("stops without a second text while a timed-out request may still be accepted", async () => {
        // The SDK cannot abort the request: Sinch still creates the batch after 1.5 s.
        sim.injectFault({ latencyMs: 1500 })

        await expect(send("test:in-flight")).rejects.toThrow(
          /not sent again: the request has had no answer for 800 ms and may still be accepted/
        )
        expect(batchPosts()).toHaveLength(1)
        await waitFor(() => sim.inbox().length > 0)

        const retried = await send("test:in-flight:retry:1", {
          provider_data: { client_reference: "test:in-flight", lookup_first: true },
        })

        expect(sim.inbox()).toHaveLength(1)
        expect(batchPosts()).toHaveLength(1)
        expect(retried.external_id).toBe(sim.inbox()[0].id)
      })

      it("gives up after maxRetries on repeated 5xx, with a clear failure", async () => {
        sim.injectFault({ status: 503, times: 10 })

        await expect(send("test:503")).rejects.toThrow(
          /Sinch did not accept the SMS to \+\*+0123 after 4 attempts: HTTP 503/
        )
        expect(batchPosts()).toHaveLength(4)
        expect(sim.inbox()).toHaveLength(0)
        expect(await rowsFor("test:503")).toMatchObject([{ status: "failure" }])
      })

      it("finds the first batch when a failed send is retried under a new key with lookup_first", async () => {
        // Sinch accepts the batch but answers 503, and the lookup before a retry fails too:
        // the provider stops rather than risk a second text.
        sim.injectFault({ status: 503, acceptBatch: true })
        sim.injectFault({ status: 503, on: "list" })
        await expect(send("test:first-attempt")).rejects.toThrow(
          /not sent again: an earlier attempt may have been accepted \(HTTP 503.*looking it up failed/
        )
        expect(sim.inbox()).toHaveLength(1)

        const retried = await send("test:first-attempt:retry:1", {
          provider_data: { client_reference: "test:first-attempt", lookup_first: true },
        })

        expect(sim.inbox()).toHaveLength(1)
        expect(retried.external_id).toBe(sim.inbox()[0].id)
      })

      it("only looks a batch up with lookup_only: finds it, or fails saying so, and never sends", async () => {
        await send("test:looked-up")
        const found = await send("test:looked-up:lookup", {
          provider_data: { client_reference: "test:looked-up", lookup_only: true },
        })
        expect(found.external_id).toBe(sim.inbox()[0].id)

        await expect(
          send("test:never-sent:lookup", { provider_data: { client_reference: "test:never-sent", lookup_only: true } })
        ).rejects.toThrow(/Sinch has no batch with the reference test:never-sent/)
        expect(sim.inbox()).toHaveLength(1)
        expect(batchPosts()).toHaveLength(1)
        expect(await rowsFor("test:never-sent:lookup")).toMatchObject([{ status: "failure" }])
      })

      it("sends one text for the same idempotency key sent twice", async () => {
        await send("test:twice")
        await send("test:twice")

        expect(sim.inbox()).toHaveLength(1)
        expect(await rowsFor("test:twice")).toHaveLength(1)
      })

      it("refuses an invalid number without calling Sinch", async () => {
        await expect(send("test:bad-number", { to: "555-CALL-NOW" })).rejects.toThrow(
          /Cannot send SMS: ".*" is not a valid phone number/
        )
        expect(sim.requests()).toHaveLength(0)
      })
    },
  })
})
