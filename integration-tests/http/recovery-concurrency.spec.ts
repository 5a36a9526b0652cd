import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import type { RecoverySweepSummary } from "../../src/sweep/recovery-sweep"
import { normalizePhone } from "../../src/lib/phone"
import { seedIdleCarts } from "../../support/seed-idle-carts"
import { setUpStore } from "../helpers/store"
import { useSinchSimulator } from "../helpers/sinch"
import {
  enableCampaign,
  expectEverySentTextHasItsBatch,
  MINUTE,
  smsRecoveryService,
  sweepAt,
  testEpoch,
} from "../helpers/recovery"

jest.setTimeout(600_000)

const CARTS = 500
const FAULTY_CARTS = 60

/** Carts idle since T with opted-in numbers, first step due at T + 30 min. */
async function seedDueCarts(container: MedusaContainer, regionId: string, phones: string[], T: Date) {
  expect(phones.every((phone) => normalizePhone(phone))).toBe(true)
  await seedIdleCarts(container, { regionId, phones, lastActivityAt: T, dueAt: new Date(T.getTime() + 30 * MINUTE) })
}

describe("two sweeps at once", () => {
  const simulator = useSinchSimulator()

  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      it(`send ${CARTS} texts for ${CARTS} due recoveries, not more`, async () => {
        const container = getContainer()
        const store = await setUpStore(api, container)
        const T = testEpoch()
        await enableCampaign(container, {}, new Date(T.getTime() - 60 * MINUTE))
        const phones = Array.from({ length: CARTS }, (_, i) => `+1415555${String(1000 + i)}`)
        await seedDueCarts(container, store.regionId, phones, T)
        const smsRecovery = smsRecoveryService(container)

        const now = new Date(T.getTime() + 31 * MINUTE)
        const [a, b] = await Promise.all([
          sweepAt(container, now, { workerId: "worker-a", pageSize: 50 }),
          sweepAt(container, now, { workerId: "worker-b", pageSize: 50 }),
        ])

        expect(a.claimed + b.claimed).toBe(CARTS)
        // A send that outlived the provider's short test timeout on a busy machine is retried by
        // a later sweep; what counts here is that every recovery gets exactly one text.
        const later = await sweepAt(container, new Date(T.getTime() + 90 * MINUTE))
        expect((a.outcomes.sent ?? 0) + (b.outcomes.sent ?? 0) + (later.outcomes.sent ?? 0)).toBe(CARTS)
        const inbox = simulator().inbox()
        expect(inbox).toHaveLength(CARTS)
        expect(new Set(inbox.map((batch) => batch.client_reference)).size).toBe(CARTS)
        expect(new Set(inbox.map((batch) => batch.to[0])).size).toBe(CARTS)
        const [, messages] = await smsRecovery.listAndCountMessages({ status: "sent" })
        expect(messages).toBe(CARTS)
        await expectEverySentTextHasItsBatch(container)
      })

      it("sends each of them once through 429s, slow answers, lost answers and accepted-then-failed sends", async () => {
        const container = getContainer()
        const store = await setUpStore(api, container)
        const T = testEpoch()
        await enableCampaign(container, {}, new Date(T.getTime() - 60 * MINUTE))
        const phones = Array.from({ length: FAULTY_CARTS }, (_, i) => `+1415556${String(1000 + i)}`)
        await seedDueCarts(container, store.regionId, phones, T)
        const sim = simulator()
        sim.clear()
        sim.injectFault({ status: 429, times: 12 })
        sim.injectFault({ latencyMs: 500, times: 4 })
        sim.injectFault({ status: 503, acceptBatch: true, times: 3 })
        sim.injectFault({ acceptThenHang: true, times: 2 })
        sim.injectFault({ status: 503, times: 6 })

        // Two workers at once; what fails is retried by later sweeps, on a clock moved forward.
        const sweeps: RecoverySweepSummary[] = []
        for (const minutes of [31, 60, 120, 180]) {
          const now = new Date(T.getTime() + minutes * MINUTE)
          sweeps.push(
            ...(await Promise.all([
              sweepAt(container, now, { workerId: `a-${minutes}`, pageSize: 10 }),
              sweepAt(container, now, { workerId: `b-${minutes}`, pageSize: 10 }),
            ]))
          )
        }

        // Every fault was met (retried in the provider, or by a later sweep when retries ran out).
        const statuses = sim.requests().filter((r) => r.method === "POST").map((r) => r.status)
        expect(statuses.filter((status) => status === 429)).toHaveLength(12)
        expect(statuses.filter((status) => status === 503)).toHaveLength(9)
        const sent = sweeps.reduce((total, sweep) => total + (sweep.outcomes.sent ?? 0), 0)
        expect(sent).toBe(FAULTY_CARTS)
        const inbox = sim.inbox()
        expect(inbox).toHaveLength(FAULTY_CARTS)
        expect(new Set(inbox.map((batch) => batch.client_reference)).size).toBe(FAULTY_CARTS)
        expect(new Set(inbox.map((batch) => batch.to[0])).size).toBe(FAULTY_CARTS)
        const [, messages] = await smsRecoveryService(container).listAndCountMessages({ status: "sent" })
        expect(messages).toBe(FAULTY_CARTS)
        await expectEverySentTextHasItsBatch(container)
      })
    },
  })
})
