import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { isHeldOut } from "../../src/lib/holdout"
import { completeShopperCart, createShopperCart, setUpStore, type TestStore } from "../helpers/store"
import { useSinchSimulator } from "../helpers/sinch"
import {
  enableCampaign,
  expectEverySentTextHasItsBatch,
  HOUR,
  MINUTE,
  optIn,
  recoveryOf,
  smsRecoveryService,
  sweepAt,
  testEpoch,
} from "../helpers/recovery"

jest.setTimeout(300_000)

describe("the holdout group", () => {
  const simulator = useSinchSimulator()

  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      let store: TestStore
      let campaignId: string
      const T = testEpoch()
      const at = (offsetMs: number) => new Date(T.getTime() + offsetMs)
      const service = () => smsRecoveryService(getContainer())

      afterEach(() => expectEverySentTextHasItsBatch(getContainer()))

      beforeEach(async () => {
        simulator().clear()
        store = await setUpStore(api, getContainer())
        campaignId = await enableCampaign(getContainer(), { holdout_percent: 50 }, at(-HOUR))
      })

      /**
       * One consented cart in each group: carts are created until the keyed hash has put one in
       * the holdout and one among the treated (the others are left without consent). UK numbers,
       * so both steps of the default campaign go out (US numbers get one text per abandonment).
       */
      const cartsInBothGroups = async () => {
        const secret = service().getOptions().linkSecret
        const groups = new Map<boolean, { cartId: string; phone: string }>()
        for (let i = 0; groups.size < 2; i++) {
          if (i >= 20) throw new Error("20 carts and still not one in each group")
          const phone = `+4474001235${String(10 + i)}`
          const cartId = await createShopperCart(api, store, { phone })
          const heldOut = isHeldOut(secret, campaignId, cartId, 50)
          if (!groups.has(heldOut)) {
            groups.set(heldOut, { cartId, phone })
            await optIn(getContainer(), phone)
          }
        }
        return { held: groups.get(true)!, treated: groups.get(false)! }
      }

      /** Moves a cart's episode, as the cart event scheduled it, to a last activity at `lastActive`. */
      const moveEpisodeTo = async (cartId: string, lastActive: Date) => {
        const recovery = await recoveryOf(getContainer(), cartId)
        const scheduledAfterMs =
          new Date(recovery.next_send_at!).getTime() - new Date(recovery.last_activity_at).getTime()
        await service().updateRecoveries([
          { id: recovery.id, last_activity_at: lastActive, next_send_at: new Date(lastActive.getTime() + scheduledAfterMs) },
        ])
      }

      const textsTo = (phone: string) => simulator().inbox().filter((text) => text.to[0] === phone.slice(1))
      const messagesOf = async (cartId: string) =>
        service().listMessages({ recovery_id: (await recoveryOf(getContainer(), cartId)).id }, { order: { step_position: "ASC" } })

      it("records a held-out cart's steps as held_out on the treated schedule, texts it nothing, and credits its order to the holdout", async () => {
        const { held, treated } = await cartsInBothGroups()
        await moveEpisodeTo(held.cartId, T)
        await moveEpisodeTo(treated.cartId, T)

        // Step 1 falls due at T + 30 min (idle 30 minutes, no delay).
        const first = await sweepAt(getContainer(), at(31 * MINUTE))
        expect(first.outcomes).toMatchObject({ sent: 1, held_out: 1 })
        expect(textsTo(treated.phone).map((text) => text.body)).toEqual([
          expect.stringMatching(/^Acme: Ana, your .+ is still in your cart: http/),
        ])
        expect(textsTo(held.phone)).toEqual([])

        // The episode started: both recoveries are fixed to the campaign, one held out, and both
        // move on to step 2 at the same time, as if both had been texted.
        const [heldRecovery, treatedRecovery] = [await recoveryOf(getContainer(), held.cartId), await recoveryOf(getContainer(), treated.cartId)]
        expect(heldRecovery).toMatchObject({ campaign_id: campaignId, holdout: true, status: "active", next_step: 2 })
        expect(treatedRecovery).toMatchObject({ campaign_id: campaignId, holdout: false, status: "active", next_step: 2 })
        expect(new Date(heldRecovery.next_send_at!).toISOString()).toBe(at(24 * HOUR).toISOString())
        expect(new Date(treatedRecovery.next_send_at!).toISOString()).toBe(at(24 * HOUR).toISOString())

        // Step 2 (a 10% code) falls due a day after the abandonment.
        await sweepAt(getContainer(), at(24 * HOUR - MINUTE))
        expect(simulator().inbox()).toHaveLength(1)
        const second = await sweepAt(getContainer(), at(24 * HOUR + MINUTE))
        expect(second.outcomes).toMatchObject({ sent: 1, held_out: 1 })
        expect(textsTo(treated.phone)).toHaveLength(2)
        expect(textsTo(treated.phone)[1].body).toMatch(/Take 10% off with code SMS-/)
        expect(textsTo(held.phone)).toEqual([])

        const heldMessages = await messagesOf(held.cartId)
        const treatedMessages = await messagesOf(treated.cartId)
        expect(heldMessages).toEqual(
          [31 * MINUTE, 24 * HOUR + MINUTE].map((offset, index) =>
            expect.objectContaining({
              step_position: index + 1,
              status: "held_out",
              channel: "sms",
              to: held.phone,
              body: null,
              segments: null,
              sent_at: null,
              link_code: null,
              discount_code: null,
              promotion_id: null,
              batch_id: null,
              send_attempts: 0,
              created_at: at(offset),
            })
          )
        )
        // The held-out messages carry the variants the treated texts went out as.
        expect(heldMessages.map((message) => message.variant_id)).toEqual(treatedMessages.map((message) => message.variant_id))
        expect(treatedMessages).toEqual(
          [31 * MINUTE, 24 * HOUR + MINUTE].map((offset, index) =>
            expect.objectContaining({ step_position: index + 1, status: "sent", to: treated.phone, sent_at: at(offset) })
          )
        )
        for (const cart of [held, treated]) {
          expect(await recoveryOf(getContainer(), cart.cartId)).toMatchObject({ status: "exhausted", next_send_at: null })
        }

        // Nothing reached the notification module or the promotion module for the held-out cart.
        const pg = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
        expect(await pg("notification").where({ to: held.phone }).select("id")).toEqual([])
        expect(await pg("notification").where({ to: treated.phone }).select("id")).toHaveLength(2)
        const promotions = await getContainer().resolve(Modules.PROMOTION).listPromotions({}, { select: ["code"] })
        expect(promotions.map((promotion) => promotion.code)).toEqual([treatedMessages[1].discount_code])

        // An order from the held-out cart is credited to the step it would last have been texted.
        const order = await completeShopperCart(api, store, held.cartId)
        const [attribution] = await service().listAttributions({ order_id: order.id })
        expect(attribution).toMatchObject({
          model: "holdout",
          recovery_id: heldRecovery.id,
          message_id: heldMessages[1].id,
          currency_code: "usd",
        })
        expect(await service().retrieveRecovery(heldRecovery.id)).toMatchObject({ status: "recovered", reason: "order_placed" })
      })

      it("assigns no cart to the holdout at 0%, and texts every one", async () => {
        await enableCampaign(getContainer(), { holdout_percent: 0 }, at(-HOUR))
        const phones = ["+447400123620", "+447400123621", "+447400123622", "+447400123623"]
        for (const phone of phones) {
          const cartId = await createShopperCart(api, store, { phone })
          await optIn(getContainer(), phone)
          await moveEpisodeTo(cartId, T)
        }
        const summary = await sweepAt(getContainer(), at(31 * MINUTE))
        expect(summary.outcomes).toEqual({ sent: 4 })
        expect(simulator().inbox()).toHaveLength(4)
        const recoveries = await service().listRecoveries({ campaign_id: campaignId, status: "active" })
        expect(recoveries.map((recovery) => recovery.holdout)).toEqual([false, false, false, false])
      })
    },
  })
})
