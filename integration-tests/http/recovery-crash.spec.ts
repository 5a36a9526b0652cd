import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createShopperCart, setUpStore, type TestStore } from "../helpers/store"
import { useSinchSimulator } from "../helpers/sinch"
import {
  enableCampaign,
  expectEverySentTextHasItsBatch,
  HOUR,
  lastActiveAt,
  MINUTE,
  optIn,
  recoveryOf,
  smsRecoveryService,
  sweepAt,
  testEpoch,
} from "../helpers/recovery"

jest.setTimeout(180_000)

const US_PHONE = "+14155550123"
const LEASE_SECONDS = 300

/**
 * What a sweep worker killed mid-send leaves on disk, recreated without killing anything: its
 * claim on the recovery (left to expire), the step's message recorded and still queued, and
 * Medusa's notification for it `pending` under the step's key, the recovery's own
 * `send_attempts` still 0. The text may or may not have reached Sinch before the worker died.
 */
describe("a sweep worker that died mid-send", () => {
  const simulator = useSinchSimulator()

  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      let store: TestStore
      const T = testEpoch()
      const at = (offsetMs: number) => new Date(T.getTime() + offsetMs)

      beforeEach(async () => {
        simulator().clear()
        store = await setUpStore(api, getContainer())
      })

      afterEach(async () => {
        await expectEverySentTextHasItsBatch(getContainer())
      })

      /** A consented US cart whose first step fell due at T + 30 min. */
      const dueCart = async () => {
        await enableCampaign(getContainer(), {}, at(-HOUR))
        const cartId = await createShopperCart(api, store, { phone: US_PHONE })
        await lastActiveAt(getContainer(), cartId, T)
        await optIn(getContainer(), US_PHONE)
        return cartId
      }

      /** Sinch's batch for the key, as the dead worker's request would have created it. */
      const batchReachedSinch = async (key: string, body: string) => {
        const sim = simulator()
        const response = await fetch(`${sim.url}/xms/v1/${sim.servicePlanId}/batches`, {
          method: "POST",
          headers: { authorization: `Bearer ${sim.apiToken}`, "content-type": "application/json" },
          body: JSON.stringify({ to: [US_PHONE.slice(1)], from: "12345", body, client_reference: key }),
        })
        expect(response.status).toBe(201)
      }

      describe.each([
        { messageAttempts: 1, leftBy: "this version (the hand-over counted before it happened)" },
        { messageAttempts: 0, leftBy: "an earlier version (no count on the message)" },
      ])("left by $leftBy", ({ messageAttempts }) => {
        it.each([
          { atSinch: true, outcome: "records the batch it sent and texts nothing more" },
          { atSinch: false, outcome: "sends the text once" },
        ])("when the text reached Sinch: $atSinch, the next sweep $outcome", async ({ atSinch }) => {
          const cartId = await dueCart()
          const dead = await diedMidSend(getContainer(), cartId, at(31 * MINUTE), messageAttempts)
          if (atSinch) {
            await batchReachedSinch(dead.key, dead.body)
          }

          // The claim still holds: nobody else may touch the recovery yet.
          const early = await sweepAt(getContainer(), at(33 * MINUTE))
          expect(early.claimed).toBe(0)

          const sweep = await sweepAt(getContainer(), at(31 * MINUTE + (LEASE_SECONDS + 60) * 1000))
          expect(sweep.outcomes).toEqual({ sent: 1 })
          const inbox = simulator().inbox()
          expect(inbox).toHaveLength(1)
          expect(inbox[0]).toMatchObject({ client_reference: dead.key, body: dead.body })

          const [message] = await smsRecoveryService(getContainer()).listMessages({ id: dead.messageId })
          expect(message).toMatchObject({ status: "sent", batch_id: inbox[0].id, error_code: null })
          expect(await pendingNotifications(getContainer(), dead.recoveryId)).toEqual([])
          expect(await recoveryOf(getContainer(), cartId)).toMatchObject({ status: "active", next_step: 2 })

          // Later sweeps find nothing more to send for the step.
          await sweepAt(getContainer(), at(2 * HOUR))
          expect(simulator().inbox()).toHaveLength(1)
        })
      })

      it("moves on as texted a recovery whose worker sent the step but lost its claim before recording the move", async () => {
        const cartId = await dueCart()
        const slow = await diedMidSend(getContainer(), cartId, at(31 * MINUTE), 1)
        await batchReachedSinch(slow.key, slow.body)
        const [batch] = simulator().inbox()
        // The slow worker's page marked the text sent, then outlived its lease before releasing.
        await smsRecoveryService(getContainer()).updateMessages([
          { id: slow.messageId, status: "sent", batch_id: batch.id, sent_at: at(32 * MINUTE) },
        ])
        await pgOf(getContainer())("notification").where({ idempotency_key: slow.key }).update({ status: "success", external_id: batch.id })

        const sweep = await sweepAt(getContainer(), at(31 * MINUTE + (LEASE_SECONDS + 60) * 1000))

        expect(sweep.outcomes).toEqual({ advance: 1 })
        expect(simulator().inbox()).toHaveLength(1)
        // Texted: active at step 2, not skipped past it as if the US rule had held the text back.
        expect(await recoveryOf(getContainer(), cartId)).toMatchObject({ status: "active", next_step: 2, reason: null })
      })

      describe("left by an earlier version that recorded the text as sent without a batch id", () => {
        const sentWithoutBatch = async () => {
          const cartId = await dueCart()
          const dead = await diedMidSend(getContainer(), cartId, at(31 * MINUTE), 0)
          const smsRecovery = smsRecoveryService(getContainer())
          // What those versions did next: "no notification came back" taken for "already sent".
          await smsRecovery.updateMessages([{ id: dead.messageId, status: "sent", sent_at: at(37 * MINUTE) }])
          await smsRecovery.updateRecoveries([
            {
              id: dead.recoveryId,
              status: "active",
              next_step: 2,
              // The default campaign's second step: a day after the cart was left.
              next_send_at: at(24 * HOUR),
              claimed_by: null,
              claim_expires_at: null,
            },
          ])
          return { cartId, ...dead }
        }

        it("records the batch Sinch has for it, sending nothing", async () => {
          const left = await sentWithoutBatch()
          await batchReachedSinch(left.key, left.body)

          const sweep = await sweepAt(getContainer(), at(HOUR))
          expect(sweep.settled).toEqual({ found: 1, requeued: 0, failed: 0, unresolved: 0 })
          expect(sweep.claimed).toBe(0)
          const inbox = simulator().inbox()
          expect(inbox).toHaveLength(1)
          const [message] = await smsRecoveryService(getContainer()).listMessages({ id: left.messageId })
          expect(message).toMatchObject({ status: "sent", batch_id: inbox[0].id })
          expect(await pendingNotifications(getContainer(), left.recoveryId)).toEqual([])
          expect(await recoveryOf(getContainer(), left.cartId)).toMatchObject({ status: "active", next_step: 2 })
        })

        it("sends a text Sinch never got once, in the same sweep, and schedules the next step again", async () => {
          const left = await sentWithoutBatch()

          const sweep = await sweepAt(getContainer(), at(HOUR))
          expect(sweep.settled).toEqual({ found: 0, requeued: 1, failed: 0, unresolved: 0 })
          expect(sweep.outcomes).toEqual({ sent: 1 })
          const inbox = simulator().inbox()
          expect(inbox).toHaveLength(1)
          expect(inbox[0]).toMatchObject({ client_reference: left.key, body: left.body })
          const [message] = await smsRecoveryService(getContainer()).listMessages({ id: left.messageId })
          expect(message).toMatchObject({ status: "sent", batch_id: inbox[0].id, error_code: null })
          expect(await pendingNotifications(getContainer(), left.recoveryId)).toEqual([])
          const recovery = await recoveryOf(getContainer(), left.cartId)
          expect(recovery).toMatchObject({ status: "active", next_step: 2 })
          expect(new Date(recovery.next_send_at!).toISOString()).toBe(at(24 * HOUR).toISOString())

          await sweepAt(getContainer(), at(2 * HOUR))
          expect(simulator().inbox()).toHaveLength(1)
        })

        it("marks failed a text Sinch never got whose recovery has ended, texting nobody", async () => {
          const left = await sentWithoutBatch()
          await smsRecoveryService(getContainer()).updateRecoveries([
            { id: left.recoveryId, status: "recovered", next_send_at: null, ended_at: at(HOUR) },
          ])

          const sweep = await sweepAt(getContainer(), at(2 * HOUR))
          expect(sweep.settled).toEqual({ found: 0, requeued: 0, failed: 1, unresolved: 0 })
          expect(simulator().inbox()).toHaveLength(0)
          const [message] = await smsRecoveryService(getContainer()).listMessages({ id: left.messageId })
          expect(message).toMatchObject({ status: "failed", error_code: "never_sent", batch_id: null })
          expect(await recoveryOf(getContainer(), left.cartId)).toMatchObject({ status: "recovered" })
        })

        it("leaves the text for a later sweep while Sinch cannot be asked, and settles it then", async () => {
          const left = await sentWithoutBatch()
          // Every lookup of one settling pass (the first try and its three retries) meets a 503.
          simulator().injectFault({ status: 503, times: 4, on: "list" })

          const down = await sweepAt(getContainer(), at(HOUR))
          expect(down.settled).toEqual({ found: 0, requeued: 0, failed: 0, unresolved: 1 })
          const [waiting] = await smsRecoveryService(getContainer()).listMessages({ id: left.messageId })
          expect(waiting).toMatchObject({ status: "sent", batch_id: null })
          expect(simulator().inbox()).toHaveLength(0)

          const back = await sweepAt(getContainer(), at(HOUR + MINUTE))
          expect(back.settled).toEqual({ found: 0, requeued: 1, failed: 0, unresolved: 0 })
          expect(back.outcomes).toEqual({ sent: 1 })
          expect(simulator().inbox()).toHaveLength(1)
          expect(await pendingNotifications(getContainer(), left.recoveryId)).toEqual([])
        })
      })
    },
  })
})

type DeadSend = { recoveryId: string; messageId: string; key: string; body: string }

/**
 * Leaves the state of a worker that claimed the cart's recovery at `now`, recorded the step's
 * message, created Medusa's notification for it and died before either was settled.
 */
async function diedMidSend(
  container: MedusaContainer,
  cartId: string,
  now: Date,
  messageAttempts: number
): Promise<DeadSend> {
  const smsRecovery = smsRecoveryService(container)
  const claimed = await smsRecovery.claimDueRecoveries({
    workerId: "worker-that-died",
    now,
    limit: 10,
    leaseSeconds: LEASE_SECONDS,
  })
  expect(claimed.map((recovery) => recovery.cart_id)).toEqual([cartId])
  const recovery = claimed[0]
  const campaign = await smsRecovery.getCampaignWithSteps(recovery.campaign_id!)
  const step = campaign!.steps[0]
  const key = `recovery:${recovery.id}:step:1`
  const body = "Acme: Ana, your Linen Shirt is still in your cart: http://localhost:9000/sms/r/DeadWorker01 Reply STOP to opt out"
  const {
    messages: [message],
  } = await smsRecovery.recordMessagesOnce([
    {
      recovery_id: recovery.id,
      step_id: step.id,
      step_position: 1,
      variant_id: step.variants[0].id,
      channel: "sms",
      idempotency_key: key,
      to: US_PHONE,
      body,
      encoding: "GSM-7",
      segments: 1,
      link_code: "DeadWorker01",
      link_expires_at: new Date(now.getTime() + 30 * 24 * HOUR),
      promotion_id: null,
      discount_code: null,
    },
  ])
  await smsRecovery.updateMessages([{ id: message.id, send_attempts: messageAttempts }])
  await smsRecovery.updateRecoveries([{ id: recovery.id, phone: US_PHONE }])
  // The notification module writes its row before calling the provider and settles it after;
  // the worker died in between.
  const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  await pg("notification").insert({
    id: `noti_dead_${recovery.id}`,
    to: US_PHONE,
    channel: "sms",
    template: "sms-recovery-reminder",
    data: JSON.stringify({ cart_id: cartId, recovery_id: recovery.id, body }),
    trigger_type: "sms-cart-recovery",
    resource_id: cartId,
    resource_type: "cart",
    idempotency_key: key,
    provider_id: "sinch",
    status: "pending",
  })
  return { recoveryId: recovery.id, messageId: message.id, key, body }
}

function pgOf(container: MedusaContainer) {
  return container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
}

async function pendingNotifications(container: MedusaContainer, recoveryId: string) {
  return pgOf(container)("notification")
    .where("idempotency_key", "like", `recovery:${recoveryId}:%`)
    .andWhere("status", "pending")
    .select("idempotency_key")
}
