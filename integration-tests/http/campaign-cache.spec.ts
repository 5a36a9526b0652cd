import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { seedIdleCarts } from "../../support/seed-idle-carts"
import { enableCampaign, MINUTE, recoveryOf, smsRecoveryService, sweepAt, testEpoch } from "../helpers/recovery"
import { useSinchSimulator } from "../helpers/sinch"
import { setUpStore } from "../helpers/store"

jest.setTimeout(180_000)

const PHONE = "+14155550143"

describe("the campaign cache", () => {
  const simulator = useSinchSimulator()

  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      it("a campaign switched off in the admin is off for the very next sweep of this instance", async () => {
        const container = getContainer()
        const store = await setUpStore(api, container)
        const smsRecovery = smsRecoveryService(container)
        const T = testEpoch()
        const campaignId = await enableCampaign(container, {}, new Date(T.getTime() - 60 * MINUTE))
        await seedIdleCarts(container, {
          regionId: store.regionId,
          phones: [PHONE],
          lastActivityAt: T,
          dueAt: new Date(T.getTime() + 30 * MINUTE),
        })
        const [{ cart_id }] = await smsRecovery.listRecoveries({ campaign_id: campaignId })
        // What the sweep and the cart events read, now cached for a few seconds.
        expect((await smsRecovery.getCampaignWithSteps(campaignId))?.enabled).toBe(true)

        const saved = await api.post(`/admin/sms-recovery/campaigns/${campaignId}`, { enabled: false }, store.adminHeaders)
        expect(saved.data.campaign.enabled).toBe(false)
        const summary = await sweepAt(container, new Date(T.getTime() + 31 * MINUTE))

        expect(summary.outcomes.sent ?? 0).toBe(0)
        expect(simulator().inbox()).toHaveLength(0)
        expect(await recoveryOf(container, cart_id)).toMatchObject({ reason: "campaign_disabled", next_send_at: null })
      })
    },
  })
})
