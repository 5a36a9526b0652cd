import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { SMS_RECOVERY_MODULE } from "../../src/modules/sms_recovery"
import { Attribution } from "../../src/modules/sms_recovery/models/attribution"
import { Campaign } from "../../src/modules/sms_recovery/models/campaign"
import { CampaignStep } from "../../src/modules/sms_recovery/models/campaign-step"
import { Consent } from "../../src/modules/sms_recovery/models/consent"
import { ConsentEvent } from "../../src/modules/sms_recovery/models/consent-event"
import { Message } from "../../src/modules/sms_recovery/models/message"
import { Recovery } from "../../src/modules/sms_recovery/models/recovery"
import { StepVariant } from "../../src/modules/sms_recovery/models/step-variant"
import { WebhookNonce } from "../../src/modules/sms_recovery/models/webhook-nonce"
import { CLAIM_DUE_RECOVERIES_SQL } from "../../src/modules/sms_recovery/queries/recoveries"
import SmsRecoveryModuleService from "../../src/modules/sms_recovery/service"

jest.setTimeout(120_000)

const TRACKED = 100_000
const DUE = 1_000
const NOW = new Date("2026-11-27T12:00:00Z")

/**
 * 100,000 tracked recoveries, of which 1,000 are due (the rest idle with nothing scheduled, or
 * scheduled later): the claim must read due rows through the partial index, not scan.
 */
moduleIntegrationTestRunner<SmsRecoveryModuleService>({
  moduleName: SMS_RECOVERY_MODULE,
  moduleModels: [Attribution, Campaign, CampaignStep, Consent, ConsentEvent, Message, Recovery, StepVariant, WebhookNonce],
  resolve: "./src/modules/sms_recovery",
  moduleOptions: {
    brandName: "Acme",
    storefrontUrl: "https://shop.example.com",
    publicUrl: "https://api.example.com",
    linkSecret: "a-link-secret-that-is-long-enough-0123",
  },
  testSuite: ({ service, MikroOrmWrapper }) => {
    beforeEach(async () => {
      const manager = MikroOrmWrapper.forkManager()
      await manager.execute(
        `INSERT INTO sms_recovery (id, cart_id, status, last_activity_at, next_step, next_send_at, send_attempts)
         SELECT 'smsrec_' || n, 'cart_' || n, 'tracking', ?::timestamptz - interval '1 day', 1,
                CASE WHEN n <= ? THEN ?::timestamptz - (n || ' seconds')::interval
                     WHEN n % 10 = 0 THEN ?::timestamptz + interval '1 day'
                     ELSE NULL END,
                0
           FROM generate_series(1, ?) AS n`,
        [NOW, DUE, NOW, NOW, TRACKED]
      )
      await manager.execute(`ANALYZE sms_recovery`)
    })

    it("claims due recoveries through the partial index on next_send_at", async () => {
      const manager = MikroOrmWrapper.forkManager()
      const plan: { "QUERY PLAN": string }[] = await manager.execute(
        `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ${CLAIM_DUE_RECOVERIES_SQL}`,
        ["explain-worker", new Date(NOW.getTime() + 300_000), NOW, NOW, 100]
      )
      const text = plan.map((row) => row["QUERY PLAN"]).join("\n")
      if (process.env.PRINT_PLAN) {
        console.log(text)
      }
      expect(text).toMatch(/Index Scan using "?IDX_sms_recovery_due"?/)
      expect(text).not.toMatch(/Seq Scan on sms_recovery/)
    })

    it("claims a page oldest due first, with a recovery whose message is being written", async () => {
      const manager = MikroOrmWrapper.forkManager()
      // Until it commits, a message's insert holds a key-share lock on its recovery (the
      // foreign key check): the claim's lock must not conflict with it.
      await manager.transactional(async (transaction) => {
        await transaction.execute(
          `INSERT INTO sms_message (id, recovery_id, step_id, step_position, idempotency_key, "to")
           VALUES ('smsmsg_in_flight', 'smsrec_${DUE}', 'step_1', 1, 'in-flight-key', '+14155550100')`
        )
        const claimed = await service.claimDueRecoveries({ workerId: "w", now: NOW, limit: 100, leaseSeconds: 300 })
        expect(claimed).toHaveLength(100)
        expect(claimed[0].id).toBe(`smsrec_${DUE}`)
        const dueTimes = claimed.map((recovery) => new Date(recovery.next_send_at!).getTime())
        expect(dueTimes).toEqual([...dueTimes].sort((a, b) => a - b))
      })
    })

    it("claims each due recovery once across concurrent claimers, oldest first", async () => {
      const claims = await Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          service.claimDueRecoveries({ workerId: `w${i}`, now: NOW, limit: 300, leaseSeconds: 300 })
        )
      )
      const ids = claims.flat().map((recovery) => recovery.id)
      expect(ids).toHaveLength(DUE)
      expect(new Set(ids).size).toBe(DUE)
      const again = await service.claimDueRecoveries({ workerId: "late", now: NOW, limit: 300, leaseSeconds: 300 })
      expect(again).toHaveLength(0)
    })
  },
})
