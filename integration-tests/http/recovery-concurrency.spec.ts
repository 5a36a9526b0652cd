import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { ILockingModule, MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import type { RecoverySweepSummary } from "../../src/sweep/recovery-sweep"
import { normalizePhone } from "../../src/lib/phone"
import { CONSENT_LOCK_SECONDS, consentLockKey } from "../../src/utils/consent-lock"
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

      it("puts off only the text whose number's consent lock is held, and sends it once the lock is free", async () => {
        const container = getContainer()
        const store = await setUpStore(api, container)
        const T = testEpoch()
        await enableCampaign(container, {}, new Date(T.getTime() - 60 * MINUTE))
        const phones = ["+14155557001", "+14155557002", "+14155557003"]
        await seedDueCarts(container, store.regionId, phones, T)
        const smsRecovery = smsRecoveryService(container)
        const sim = simulator()
        sim.clear()
        // Held as an opt-out being applied holds it, by an owner the sweep is not.
        const locking = container.resolve<ILockingModule>(Modules.LOCKING)
        await locking.acquire(consentLockKey(phones[0]), { expire: CONSENT_LOCK_SECONDS })

        const now = new Date(T.getTime() + 31 * MINUTE)
        const first = await sweepAt(container, now)

        expect(first.outcomes).toMatchObject({ sent: 2, defer: 1 })
        expect(sim.inbox().map((batch) => batch.to[0])).toEqual(expect.arrayContaining(["14155557002", "14155557003"]))
        expect(sim.inbox()).toHaveLength(2)
        const [busy] = await smsRecovery.listRecoveries({ phone: phones[0] })
        expect(busy).toMatchObject({ status: "tracking", reason: "number_busy", send_attempts: 0, claimed_by: null })
        const waitMs = new Date(busy.next_send_at!).getTime() - now.getTime()
        expect(waitMs).toBeGreaterThanOrEqual(5_000)
        expect(waitMs).toBeLessThan(30_000)
        const [kept] = await smsRecovery.listMessages({ recovery_id: busy.id })
        expect(kept).toMatchObject({ status: "queued", send_attempts: 0, error_code: null })

        // Still held: the next sweep puts it off again and sends nothing.
        const again = await sweepAt(container, new Date(now.getTime() + 30_000))
        expect(again.outcomes).toEqual({ defer: 1 })
        expect(sim.inbox()).toHaveLength(2)

        await locking.release(consentLockKey(phones[0]))
        const last = await sweepAt(container, new Date(now.getTime() + 60_000))
        expect(last.outcomes).toEqual({ sent: 1 })
        const inbox = sim.inbox()
        expect(inbox).toHaveLength(3)
        expect(new Set(inbox.map((batch) => batch.client_reference)).size).toBe(3)
        const [sent] = await smsRecovery.listMessages({ recovery_id: busy.id })
        expect(sent).toMatchObject({ id: kept.id, status: "sent", link_code: kept.link_code })
        await expectEverySentTextHasItsBatch(container)
      })
    },
  })
})
