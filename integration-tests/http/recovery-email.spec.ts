import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { createShopperCart, setUpStore } from "../helpers/store"
import { useSinchSimulator } from "../helpers/sinch"
import {
  enableCampaign,
  HOUR,
  lastActiveAt,
  MINUTE,
  optIn,
  recoveryOf,
  setStepChannel,
  smsRecoveryService,
  sweepAt,
  testEpoch,
  expectEverySentTextHasItsBatch,
} from "../helpers/recovery"

jest.setTimeout(180_000)

// A UK mobile: no double opt-in and no one-text rule, so a second step applies.
const PHONE = "+447400123456"

/**
 * A campaign whose second step is an email, with Medusa's local notification provider serving
 * the `email` channel (as a store's SendGrid or Resend provider would).
 */
describe("email steps", () => {
  const simulator = useSinchSimulator()
  beforeAll(() => {
    process.env.NOTIFICATION_LOCAL_CHANNELS = "feed,email"
  })
  afterAll(() => {
    delete process.env.NOTIFICATION_LOCAL_CHANNELS
  })

  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      const T = testEpoch()
      afterEach(() => expectEverySentTextHasItsBatch(getContainer()))

      beforeEach(() => simulator().clear())
      const at = (offsetMs: number) => new Date(T.getTime() + offsetMs)

      const campaignWithEmailSecondStep = async () => {
        const campaignId = await enableCampaign(getContainer(), {}, at(-HOUR))
        await setStepChannel(getContainer(), campaignId, 2, { channel: "email", delay_minutes: 60 })
      }

      const idleCart = async (email: string | null) => {
        const store = await setUpStore(api, getContainer())
        const cartId = await createShopperCart(api, store, { phone: PHONE })
        await getContainer().resolve(Modules.CART).updateCarts([{ id: cartId, email }])
        await lastActiveAt(getContainer(), cartId, T)
        await optIn(getContainer(), PHONE)
        return cartId
      }

      const notificationsTo = (to: string) => getContainer().resolve(Modules.NOTIFICATION).listNotifications({ to })

      it("sends an email step through the notification module's email channel", async () => {
        await campaignWithEmailSecondStep()
        const cartId = await idleCart("ana.email@example.com")

        expect((await sweepAt(getContainer(), at(31 * MINUTE))).outcomes).toEqual({ sent: 1 })
        expect((await sweepAt(getContainer(), at(91 * MINUTE))).outcomes).toEqual({ sent: 1 })

        const recovery = await recoveryOf(getContainer(), cartId)
        const messages = await smsRecoveryService(getContainer()).listMessages(
          { recovery_id: recovery.id },
          { order: { step_position: "ASC" } }
        )
        expect(messages.map((m) => [m.step_position, m.channel, m.status, m.to])).toEqual([
          [1, "sms", "sent", PHONE],
          [2, "email", "sent", "ana.email@example.com"],
        ])
        expect(simulator().inbox()).toHaveLength(1)
        const [email] = await notificationsTo("ana.email@example.com")
        expect(email).toMatchObject({
          channel: "email",
          provider_id: "local",
          status: "success",
          template: "sms-recovery-reminder-email",
          idempotency_key: `recovery:${recovery.id}:step:2`,
        })
        expect(email.data).toMatchObject({ cart_id: cartId, recovery_id: recovery.id, body: messages[1].body })
        expect(messages[1].body).toMatch(/Linen Shirt, Ana\? Take 10% off with code SMS-/)
        expect(recovery).toMatchObject({ status: "exhausted" })
      })

      it("parks an email step for a cart without an email, and texts nothing instead", async () => {
        await campaignWithEmailSecondStep()
        const cartId = await idleCart(null)

        await sweepAt(getContainer(), at(31 * MINUTE))
        const second = await sweepAt(getContainer(), at(91 * MINUTE))

        expect(second.outcomes).toEqual({ park: 1 })
        expect(await recoveryOf(getContainer(), cartId)).toMatchObject({ reason: "no_email" })
        expect(simulator().inbox()).toHaveLength(1)
      })
    },
  })
})
