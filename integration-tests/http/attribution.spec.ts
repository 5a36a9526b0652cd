import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { SmsRecoveryEvents } from "../../src/modules/sms_recovery/events"
import { attributeOrderWorkflow } from "../../src/workflows/attribute-order"
import { completeShopperCart, createShopperCart, setUpStore, type TestStore } from "../helpers/store"
import { useSinchSimulator } from "../helpers/sinch"
import { smsRecoveryService } from "../helpers/recovery"
import { createRecoveryText, HOUR_MS } from "../helpers/reporting"

jest.setTimeout(180_000)

const PHONE = "+14155550123"
const hoursAgo = (hours: number) => new Date(Date.now() - hours * HOUR_MS)

describe("attribution on order.placed", () => {
  useSinchSimulator()

  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      let store: TestStore
      const recovered = jest.fn()

      beforeAll(() => {
        const eventBus = getContainer().resolve(Modules.EVENT_BUS)
        eventBus.subscribe(SmsRecoveryEvents.RECOVERED, recovered, {
          subscriberId: "test-sms-recovery-recovered",
        })
      })

      beforeEach(async () => {
        recovered.mockClear()
        store = await setUpStore(api, getContainer())
      })

      const sms = () => smsRecoveryService(getContainer())

      /** Checks the cart out and waits for the order.placed subscriber to finish. */
      const checkout = async (cartId: string, { expectRecovered = false } = {}) => {
        const eventBus = getContainer().resolve(Modules.EVENT_BUS)
        const placed = TestEventUtils.waitSubscribersExecution("order.placed", eventBus)
        const recoveredEvent = expectRecovered
          ? TestEventUtils.waitSubscribersExecution(SmsRecoveryEvents.RECOVERED, eventBus)
          : Promise.resolve()
        const order = await completeShopperCart(api, store, cartId)
        await placed
        await recoveredEvent
        return order as { id: string; total: number; currency_code: string }
      }

      const attributionsOf = (orderId: string) => sms().listAttributions({ order_id: orderId })

      it("credits a click inside the window with the order total, and marks the recovery recovered", async () => {
        const cartId = await createShopperCart(api, store, { phone: PHONE })
        const { recoveryId, message } = await createRecoveryText(getContainer(), {
          cartId,
          sentAt: hoursAgo(30),
          deliveredAt: hoursAgo(30),
          lastClickedAt: hoursAgo(2),
          clicks: 1,
        })

        const order = await checkout(cartId, { expectRecovered: true })

        const attributions = await attributionsOf(order.id)
        expect(attributions).toHaveLength(1)
        expect(attributions[0]).toMatchObject({
          order_id: order.id,
          recovery_id: recoveryId,
          message_id: message.id,
          model: "click",
          currency_code: "usd",
        })
        expect(order.total).toBe(54)
        expect((attributions[0] as unknown as { raw_amount: { value: string } }).raw_amount.value).toBe("54")

        const recovery = await sms().retrieveRecovery(recoveryId)
        expect(recovery).toMatchObject({ status: "recovered", next_send_at: null, reason: "order_placed" })
        expect(recovery.ended_at).toBeTruthy()

        const cartRecoveries = await sms().listRecoveries({ cart_id: cartId })
        expect(cartRecoveries.filter((r) => ["tracking", "active"].includes(r.status))).toEqual([])
        expect(cartRecoveries.filter((r) => r.next_send_at !== null)).toEqual([])

        expect(recovered).toHaveBeenCalledTimes(1)
        expect(recovered.mock.calls[0][0]).toMatchObject({
          name: SmsRecoveryEvents.RECOVERED,
          data: { id: recoveryId, order_id: order.id, model: "click", amount: "54", currency_code: "usd" },
        })
      })

      it("credits a delivered text without a click as a view", async () => {
        const cartId = await createShopperCart(api, store, { phone: PHONE })
        const { message } = await createRecoveryText(getContainer(), {
          cartId,
          sentAt: hoursAgo(3),
          deliveredAt: hoursAgo(3),
        })

        const order = await checkout(cartId, { expectRecovered: true })

        const [attribution] = await attributionsOf(order.id)
        expect(attribution).toMatchObject({ model: "view", message_id: message.id })
        expect(recovered.mock.calls[0][0].data).toMatchObject({ model: "view", amount: "54" })
      })

      it("credits nothing outside the windows, and completes the cart's open recoveries", async () => {
        const cartId = await createShopperCart(api, store, { phone: PHONE })
        const { recoveryId } = await createRecoveryText(getContainer(), {
          cartId,
          sentAt: hoursAgo(200),
          deliveredAt: hoursAgo(30),
          lastClickedAt: hoursAgo(121),
          clicks: 1,
        })

        const order = await checkout(cartId)

        expect(await attributionsOf(order.id)).toEqual([])
        expect(recovered).not.toHaveBeenCalled()
        const cartRecoveries = await sms().listRecoveries({ cart_id: cartId })
        expect(cartRecoveries.filter((r) => ["tracking", "active"].includes(r.status))).toEqual([])
        expect(cartRecoveries.filter((r) => r.next_send_at !== null)).toEqual([])

        // Checkout's own cart events may end the episode first; one still open when the
        // order is handled is completed with no step pending.
        await sms().updateRecoveries({
          id: recoveryId,
          status: "active",
          next_send_at: new Date(Date.now() + HOUR_MS),
          ended_at: null,
          reason: null,
        })
        const { result } = await attributeOrderWorkflow(getContainer()).run({ input: { order_id: order.id } })

        expect(result.attribution).toBeNull()
        expect(await attributionsOf(order.id)).toEqual([])
        expect(await sms().retrieveRecovery(recoveryId)).toMatchObject({
          status: "completed",
          next_send_at: null,
          reason: "order_placed",
        })
      })

      it("writes one attribution however often, or however concurrently, the order is handled", async () => {
        const cartId = await createShopperCart(api, store, { phone: PHONE })
        const { recoveryId } = await createRecoveryText(getContainer(), {
          cartId,
          lastClickedAt: hoursAgo(1),
          clicks: 1,
        })
        const order = await checkout(cartId, { expectRecovered: true })
        expect(await attributionsOf(order.id)).toHaveLength(1)

        const again = await attributeOrderWorkflow(getContainer()).run({ input: { order_id: order.id } })
        expect(again.result.attribution).toBeNull()
        expect(await attributionsOf(order.id)).toHaveLength(1)

        // As if order.placed had never been handled, then delivered twice at once.
        await sms().deleteAttributions((await attributionsOf(order.id)).map((a) => a.id))
        await sms().updateRecoveries({ id: recoveryId, status: "active" })
        const runs = await Promise.all(
          [1, 2, 3].map(() => attributeOrderWorkflow(getContainer()).run({ input: { order_id: order.id } }))
        )

        expect(runs.filter((run) => run.result.attribution !== null)).toHaveLength(1)
        expect(await attributionsOf(order.id)).toHaveLength(1)
        expect(await sms().retrieveRecovery(recoveryId)).toMatchObject({ status: "recovered", next_send_at: null })
      })

      it("credits a text about another cart of the same phone when the order's cart had none", async () => {
        const earlierCart = await createShopperCart(api, store, { phone: PHONE, email: "ana.other@example.com" })
        const { recoveryId, message } = await createRecoveryText(getContainer(), {
          cartId: earlierCart,
          phone: PHONE,
          lastClickedAt: hoursAgo(5),
          clicks: 2,
        })
        const cartId = await createShopperCart(api, store, { phone: "(415) 555-0123" })

        const order = await checkout(cartId, { expectRecovered: true })

        const [attribution] = await attributionsOf(order.id)
        expect(attribution).toMatchObject({ recovery_id: recoveryId, message_id: message.id, model: "click" })
        expect(await sms().retrieveRecovery(recoveryId)).toMatchObject({ status: "recovered" })
      })

      it("never credits a failed text or one sent after the order", async () => {
        const cartId = await createShopperCart(api, store, { phone: PHONE })
        await createRecoveryText(getContainer(), {
          cartId,
          status: "failed",
          sentAt: hoursAgo(2),
          lastClickedAt: hoursAgo(1),
        })
        const order = await checkout(cartId)
        await createRecoveryText(getContainer(), {
          cartId,
          sentAt: new Date(Date.now() + 60_000),
          deliveredAt: new Date(Date.now() + 60_000),
        })

        const { result } = await attributeOrderWorkflow(getContainer()).run({ input: { order_id: order.id } })

        expect(result.attribution).toBeNull()
        expect(await attributionsOf(order.id)).toEqual([])
      })
    },
  })
})
