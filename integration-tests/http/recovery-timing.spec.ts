import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { assignedVariant } from "../../src/lib/variants"
import { updateCampaignWorkflow } from "../../src/workflows/update-campaign"
import type { CampaignDetail } from "../../src/workflows/utils/campaign-detail"
import { createShopperCart, setUpStore, type TestStore } from "../helpers/store"
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

const OPT_OUT = "Reply STOP to opt out"
const IDLE_MINUTES = 30
/** Arm A keeps the step's 30 minutes; arm B waits a day. Step 2 comes after both. */
const ARM_A_MINUTES = 30
const ARM_B_MINUTES = 24 * 60
const STEP_2_MINUTES = 48 * 60

describe("timing variants", () => {
  const simulator = useSinchSimulator()

  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      let store: TestStore
      let campaign: CampaignDetail
      const T = testEpoch()
      const at = (offsetMs: number) => new Date(T.getTime() + offsetMs)

      afterEach(() => expectEverySentTextHasItsBatch(getContainer()))

      beforeEach(async () => {
        simulator().clear()
        store = await setUpStore(api, getContainer())
        const { data } = await api.get("/admin/sms-recovery/campaigns", store.adminHeaders)
        const [first, second] = data.campaigns[0].steps
        const { data: saved } = await api.post(
          `/admin/sms-recovery/campaigns/${data.campaigns[0].id}`,
          {
            steps: [
              {
                id: first.id,
                delay_minutes: ARM_A_MINUTES,
                variants: [
                  { name: "A", template: `{{brand}}: A {{link}} ${OPT_OUT}`, weight: 1 },
                  { name: "B", template: `{{brand}}: B {{link}} ${OPT_OUT}`, weight: 1, delay_minutes: ARM_B_MINUTES },
                ],
              },
              {
                id: second.id,
                delay_minutes: STEP_2_MINUTES,
                variants: [{ name: "A", template: `{{brand}}: step two {{link}} ${OPT_OUT}`, weight: 1 }],
              },
            ],
          },
          store.adminHeaders
        )
        campaign = saved.campaign
        await enableCampaign(getContainer(), {}, at(-HOUR))
      })

      /**
       * One consented cart in each arm of step 1: carts are created until the deterministic
       * assignment has put one in A and one in B (the others are left without consent).
       */
      const cartsInBothArms = async () => {
        const arms = new Map<string, { cartId: string; phone: string }>()
        for (let i = 0; arms.size < 2; i++) {
          if (i >= 20) throw new Error("20 carts and still not one in each arm")
          const phone = `+4474001234${String(10 + i)}`
          const cartId = await createShopperCart(api, store, { phone })
          const arm = assignedVariant(campaign.steps[0], cartId).name
          if (!arms.has(arm)) {
            arms.set(arm, { cartId, phone })
            await optIn(getContainer(), phone)
          }
        }
        return { a: arms.get("A")!, b: arms.get("B")! }
      }

      /**
       * Moves a cart's episode, as the cart event scheduled it, to a last activity at `lastActive`:
       * the due time keeps its distance from the activity.
       */
      const moveEpisodeTo = async (cartId: string, lastActive: Date) => {
        const recovery = await recoveryOf(getContainer(), cartId)
        const scheduledAfterMs =
          new Date(recovery.next_send_at!).getTime() - new Date(recovery.last_activity_at).getTime()
        await smsRecoveryService(getContainer()).updateRecoveries([
          { id: recovery.id, last_activity_at: lastActive, next_send_at: new Date(lastActive.getTime() + scheduledAfterMs) },
        ])
        return scheduledAfterMs
      }

      const textsTo = (phone: string) => simulator().inbox().filter((text) => text.to[0] === phone.slice(1))

      it("schedules each arm at its own delay from the cart event, and fires each then", async () => {
        const { a, b } = await cartsInBothArms()

        // The cart event scheduled each cart's first step by its arm: idle time plus the arm's delay.
        expect(await moveEpisodeTo(a.cartId, T)).toBe((IDLE_MINUTES + ARM_A_MINUTES) * MINUTE)
        expect(await moveEpisodeTo(b.cartId, T)).toBe((IDLE_MINUTES + ARM_B_MINUTES) * MINUTE)

        // Abandoned at T + 30 min: A falls due at T + 60 min, B at T + 30 min + 24 h.
        await sweepAt(getContainer(), at(59 * MINUTE))
        expect(simulator().inbox()).toHaveLength(0)

        await sweepAt(getContainer(), at(61 * MINUTE))
        expect(textsTo(a.phone).map((text) => text.body)).toEqual([
          expect.stringMatching(/^Acme: A http/),
        ])
        expect(textsTo(b.phone)).toHaveLength(0)

        await sweepAt(getContainer(), at(24 * HOUR + 29 * MINUTE))
        expect(textsTo(b.phone)).toHaveLength(0)

        await sweepAt(getContainer(), at(24 * HOUR + 31 * MINUTE))
        expect(textsTo(b.phone).map((text) => text.body)).toEqual([
          expect.stringMatching(/^Acme: B http/),
        ])
        expect(simulator().inbox()).toHaveLength(2)

        // Each text is recorded as its arm's variant, the one the stats group by.
        const service = smsRecoveryService(getContainer())
        const [variantA, variantB] = campaign.steps[0].variants
        for (const [cart, variant] of [[a, variantA], [b, variantB]] as const) {
          const recovery = await recoveryOf(getContainer(), cart.cartId)
          const messages = await service.listMessages({ recovery_id: recovery.id })
          expect(messages).toEqual([expect.objectContaining({ step_position: 1, variant_id: variant.id, status: "sent" })])
          // Step 2 counts from the abandonment too, whichever arm went before it.
          expect(recovery).toMatchObject({ status: "active", next_step: 2 })
          expect(new Date(recovery.next_send_at!).toISOString()).toBe(
            at((IDLE_MINUTES + STEP_2_MINUTES) * MINUTE).toISOString()
          )
        }

        // The stats count each arm's text under its variant.
        const range = `from=${at(-24 * HOUR).toISOString()}&to=${new Date(Date.now() + HOUR).toISOString()}`
        const { data: { stats } } = await api.get(`/admin/sms-recovery/stats?${range}`, store.adminHeaders)
        expect(
          stats.by_variant
            .filter((row: { step_position: number }) => row.step_position === 1)
            .map((row: { variant_id: string; name: string; sent: number }) => [row.variant_id, row.name, row.sent])
            .sort((x: string[], y: string[]) => (x[1] < y[1] ? -1 : 1))
        ).toEqual([
          [variantA.id, "A", 1],
          [variantB.id, "B", 1],
        ])

        await sweepAt(getContainer(), at(48 * HOUR + 31 * MINUTE))
        expect(textsTo(a.phone).map((text) => text.body)).toEqual([
          expect.stringMatching(/^Acme: A /),
          expect.stringMatching(/^Acme: step two /),
        ])
        expect(textsTo(b.phone)).toHaveLength(2)
      })

      it("refuses, run as a workflow too, a variant delay that is not whole minutes or puts a step out of order", async () => {
        const [first, second] = campaign.steps
        const run = (steps: object[]) =>
          updateCampaignWorkflow(getContainer())
            .run({ input: { id: campaign.id, steps: steps as any } })
            .then(() => "saved", (error: Error) => error.message)
        const variants = (delay: unknown) => [
          { ...first.variants[0] },
          { ...first.variants[1], delay_minutes: delay },
        ]
        expect(await run([{ ...first, variants: variants(-5) }, second])).toMatch(
          /steps\.0\.variants\.1\.delay_minutes: must be a whole number of minutes, 0 or more, or null for the step's delay/
        )
        expect(await run([{ ...first, variants: variants(3000) }, second])).toMatch(
          /steps\.1\.delay_minutes: must be greater than the previous step's longest variant delay \(3000\)/
        )
        // Nothing was written.
        const service = smsRecoveryService(getContainer())
        const stored = await service.listStepVariants({ id: first.variants[1].id })
        expect(stored[0].delay_minutes).toBe(ARM_B_MINUTES)
      })

      it("defers whichever arm falls due at night to the recipient's morning", async () => {
        const { a, b } = await cartsInBothArms()
        // Last active 21:00 in San Francisco (05:00 UTC, T + 10 h): abandoned 21:30. A falls due
        // at 22:00 and B at 21:30 the next evening, both in quiet hours (open 09:00–20:00).
        const evening = at(10 * HOUR)
        await moveEpisodeTo(a.cartId, evening)
        await moveEpisodeTo(b.cartId, evening)

        await sweepAt(getContainer(), at(11 * HOUR + MINUTE))
        const deferredA = await recoveryOf(getContainer(), a.cartId)
        expect(deferredA.reason).toBe("quiet_hours")
        // 09:00 in San Francisco is 17:00 UTC: T + 22 h.
        expect(new Date(deferredA.next_send_at!).toISOString()).toBe(at(22 * HOUR).toISOString())

        await sweepAt(getContainer(), at(22 * HOUR + MINUTE))
        expect(textsTo(a.phone).map((text) => text.body)).toEqual([expect.stringMatching(/^Acme: A /)])

        // B was not moved by A's night: it falls due only a day after the abandonment.
        await sweepAt(getContainer(), at(34 * HOUR + 29 * MINUTE))
        expect(textsTo(b.phone)).toHaveLength(0)
        expect(new Date((await recoveryOf(getContainer(), b.cartId)).next_send_at!).toISOString()).toBe(
          at(34 * HOUR + 30 * MINUTE).toISOString()
        )

        await sweepAt(getContainer(), at(34 * HOUR + 31 * MINUTE))
        const deferredB = await recoveryOf(getContainer(), b.cartId)
        expect(deferredB.reason).toBe("quiet_hours")
        // The morning after: 09:00 in San Francisco two days after T's, T + 46 h.
        expect(new Date(deferredB.next_send_at!).toISOString()).toBe(at(46 * HOUR).toISOString())
        expect(textsTo(b.phone)).toHaveLength(0)

        await sweepAt(getContainer(), at(46 * HOUR + MINUTE))
        expect(textsTo(b.phone).map((text) => text.body)).toEqual([expect.stringMatching(/^Acme: B /)])
      })
    },
  })
})
