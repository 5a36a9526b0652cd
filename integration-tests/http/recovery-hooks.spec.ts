import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { formatMoney } from "../../src/lib/money"
import { hookLog } from "../fixtures/reminder-hooks"
import { createShopperCart, setUpStore, type TestStore } from "../helpers/store"
import { useSinchSimulator } from "../helpers/sinch"
import { waitFor } from "../helpers/wait"
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

const GB_PHONE = "+447400123456"

describe("extending the reminder workflow", () => {
  const simulator = useSinchSimulator({}, { SMS_EXTRA_TEMPLATE_VARIABLES: "store_hours" })

  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      let store: TestStore
      const T = testEpoch()
      const at = (offsetMs: number) => new Date(T.getTime() + offsetMs)
      const events: { name: string; data: Record<string, unknown> }[] = []

      beforeAll(() => {
        getContainer()
          .resolve(Modules.EVENT_BUS)
          .subscribe(
            "sms_recovery.reminder_sent",
            async (event) => {
              events.push(event as { name: string; data: Record<string, unknown> })
            },
            { subscriberId: "test-reminder-sent" }
          )
      })

      afterEach(() => expectEverySentTextHasItsBatch(getContainer()))

      beforeEach(async () => {
        simulator().clear()
        events.length = 0
        hookLog.sent.length = 0
        hookLog.whatsapp.length = 0
        hookLog.customStepCalls = 0
        hookLog.reminders.length = 0
        store = await setUpStore(api, getContainer())
      })

      const idleCart = async (email: string) => {
        const cartId = await createShopperCart(api, store, { phone: GB_PHONE, email })
        await lastActiveAt(getContainer(), cartId, T)
        return cartId
      }

      it("lets a validateReminders handler veto a reminder; the step is skipped", async () => {
        await enableCampaign(getContainer(), {}, at(-HOUR))
        const cartId = await idleCart("tester@staff.acme.example")
        await optIn(getContainer(), GB_PHONE)

        const sweep = await sweepAt(getContainer(), at(31 * MINUTE))

        expect(sweep.outcomes).toEqual({ vetoed: 1 })
        expect(simulator().inbox()).toHaveLength(0)
        const recovery = await recoveryOf(getContainer(), cartId)
        expect(recovery).toMatchObject({ status: "tracking", next_step: 2, reason: "vetoed" })
        // Only custom step kinds reach the customSteps handler.
        expect(hookLog.customStepCalls).toBe(0)
      })

      it("renders variables a reminderData handler adds, and reports the send to remindersSent and subscribers", async () => {
        const campaignId = await enableCampaign(getContainer(), {}, at(-HOUR))
        const smsRecovery = smsRecoveryService(getContainer())
        const [step] = await smsRecovery.listCampaignSteps({ campaign_id: campaignId, position: 1 }, { relations: ["variants"] })
        await smsRecovery.updateStepVariants([
          {
            id: step.variants[0].id,
            template: "{{brand}}: {{first_name}}, we're open {{store_hours}}: {{link}} Reply STOP to opt out",
          },
        ])
        smsRecovery.clearCampaignCache()
        const cartId = await idleCart("ana@example.com")
        await optIn(getContainer(), GB_PHONE)

        await sweepAt(getContainer(), at(31 * MINUTE))

        expect(simulator().inbox()[0].body).toMatch(/^Acme: Ana, we're open 9am-6pm: http/)
        const recovery = await recoveryOf(getContainer(), cartId)
        expect(hookLog.sent).toEqual([recovery.id])
        // The event bus delivers after the workflow has finished.
        await waitFor(() => events.length > 0)
        expect(events).toEqual([
          expect.objectContaining({
            name: "sms_recovery.reminder_sent",
            data: expect.objectContaining({ recovery_id: recovery.id, cart_id: cartId, step_position: 1, channel: "sms" }),
          }),
        ])
      })

      const setFirstTemplate = async (campaignId: string, template: string) => {
        const smsRecovery = smsRecoveryService(getContainer())
        const [step] = await smsRecovery.listCampaignSteps({ campaign_id: campaignId, position: 1 }, { relations: ["variants"] })
        await smsRecovery.updateStepVariants([{ id: step.variants[0].id, template }])
        smsRecovery.clearCampaignCache()
      }

      it("shows hooks the campaign's settings and steps' timing, the due step whole, and no cart total nothing needs", async () => {
        await enableCampaign(getContainer(), {}, at(-HOUR))
        await idleCart("ana@example.com")
        await optIn(getContainer(), GB_PHONE)

        await sweepAt(getContainer(), at(31 * MINUTE))

        expect(simulator().inbox()).toHaveLength(1)
        expect(hookLog.reminders).toHaveLength(1)
        const [{ campaign, step, cart }] = hookLog.reminders
        expect(campaign).toMatchObject({ enabled: true, abandon_after_minutes: 30, max_per_phone_per_24h: 2 })
        // Each step's timing, enough to schedule the next one; not every step's templates.
        expect(campaign!.steps.map(({ position }) => position)).toEqual([1, 2])
        expect(campaign!.steps[1]).toEqual({
          position: 2,
          delay_minutes: expect.any(Number),
          variants: [{ id: expect.any(String), weight: expect.any(Number), delay_minutes: null }],
        })
        expect(step).toMatchObject({ position: 1, channel: "sms", variants: [expect.objectContaining({ template: expect.stringContaining("{{link}}") })] })
        // No template shows the total and the campaign has no total range: Medusa's totals are not computed.
        expect(cart).toMatchObject({ item_count: 1, first_name: "Ana", total: null })
      })

      it("reads the cart total when a template shows it, and for the campaign's minimum", async () => {
        const campaignId = await enableCampaign(getContainer(), {}, at(-HOUR))
        await setFirstTemplate(campaignId, "{{brand}}: your {{cart_total}} cart is waiting: {{link}} Reply STOP to opt out")
        const cartId = await idleCart("ana@example.com")
        await optIn(getContainer(), GB_PHONE)

        await sweepAt(getContainer(), at(31 * MINUTE))

        const [{ cart }] = hookLog.reminders
        expect(cart!.total).toBeGreaterThan(0)
        expect(simulator().inbox()[0].body).toContain(`your ${formatMoney(cart!.total!, cart!.currency_code)} cart`)

        // A minimum above the cart's total holds the next step (due a day later) back.
        await enableCampaign(getContainer(), { min_cart_total: cart!.total! + 1 }, at(-HOUR))
        const sweep = await sweepAt(getContainer(), at(24 * HOUR + MINUTE))
        expect(sweep.outcomes).toEqual({ park: 1 })
        expect(await recoveryOf(getContainer(), cartId)).toMatchObject({ reason: "below_minimum_total" })
        expect(simulator().inbox()).toHaveLength(1)
      })

      it("hands a custom step kind to the customSteps handler and records what it did", async () => {
        const campaignId = await enableCampaign(getContainer(), {}, at(-HOUR))
        await setStepChannel(getContainer(), campaignId, 2, { channel: "whatsapp", delay_minutes: 60 })
        const smsRecovery = smsRecoveryService(getContainer())
        const cartId = await idleCart("ana@example.com")
        await optIn(getContainer(), GB_PHONE)

        await sweepAt(getContainer(), at(31 * MINUTE))
        const sweep = await sweepAt(getContainer(), at(91 * MINUTE))

        expect(sweep.outcomes).toEqual({ sent: 1 })
        expect(hookLog.whatsapp).toEqual([cartId])
        expect(hookLog.customStepCalls).toBe(1)
        expect(simulator().inbox()).toHaveLength(1)
        const recovery = await recoveryOf(getContainer(), cartId)
        const messages = await smsRecovery.listMessages({ recovery_id: recovery.id }, { order: { step_position: "ASC" } })
        expect(messages.map((m) => [m.channel, m.status, m.to])).toEqual([
          ["sms", "sent", GB_PHONE],
          ["whatsapp", "sent", "whatsapp:+447400123456"],
        ])
        expect(recovery).toMatchObject({ status: "exhausted" })
      })
    },
  })
})
