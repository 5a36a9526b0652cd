import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
// The provider itself (the module does not export it), so the tests run against its real rules.
import { InMemoryLockingProvider } from "@medusajs/locking/dist/providers/in-memory"
import { CONSENT_LOCK_SECONDS, consentLockKey, withConsentLocks } from "../consent-lock"

const A = "+14155550101"
const B = "+14155550102"

/** A container whose locking module is Medusa's in-memory provider, as a store's default. */
function containerWithLocking() {
  const locking = new InMemoryLockingProvider()
  const warnings: string[] = []
  const container = {
    resolve: (key: string) => {
      if (key === Modules.LOCKING) {
        return locking
      }
      if (key === ContainerRegistrationKeys.LOGGER) {
        return { warn: (message: string) => warnings.push(message) }
      }
      throw new Error(`not registered: ${key}`)
    },
  } as unknown as MedusaContainer
  return { container, locking, warnings }
}

/** Whether someone else could take the number's lock now. */
async function isFree(locking: InMemoryLockingProvider, phone: string): Promise<boolean> {
  const key = consentLockKey(phone)
  try {
    await locking.acquire(key, { ownerId: "probe", expire: 1 })
  } catch {
    return false
  }
  await locking.release(key, { ownerId: "probe" })
  return true
}

describe("withConsentLocks", () => {
  afterEach(() => jest.useRealTimers())

  it("holds every free number's lock while the job runs, and gives them back after", async () => {
    const { container, locking } = containerWithLocking()
    const during = await withConsentLocks(container, [A, B, A], async (locked) => ({
      locked: [...locked].sort(),
      aFree: await isFree(locking, A),
      bFree: await isFree(locking, B),
    }))
    expect(during).toEqual({ locked: [A, B], aFree: false, bFree: false })
    expect(await isFree(locking, A)).toBe(true)
    expect(await isFree(locking, B)).toBe(true)
  })

  it("leaves out a number someone else holds past a second, and never frees that holder's lock", async () => {
    const { container, locking } = containerWithLocking()
    await locking.acquire(consentLockKey(A), { expire: CONSENT_LOCK_SECONDS })
    const started = Date.now()
    const locked = await withConsentLocks(container, [A, B], async (locked) => [...locked])
    expect(locked).toEqual([B])
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000)
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(await isFree(locking, A)).toBe(false)
    expect(await isFree(locking, B)).toBe(true)
  })

  it("takes a number whose holder lets go within the second", async () => {
    const { container, locking } = containerWithLocking()
    await locking.acquire(consentLockKey(A), { ownerId: "opt-out", expire: CONSENT_LOCK_SECONDS })
    setTimeout(() => void locking.release(consentLockKey(A), { ownerId: "opt-out" }), 300)
    const locked = await withConsentLocks(container, [A, B], async (locked) => [...locked].sort())
    expect(locked).toEqual([A, B])
  })

  it("gives the locks back when the job throws", async () => {
    const { container, locking } = containerWithLocking()
    await expect(
      withConsentLocks(container, [A], async () => {
        throw new Error("provider down")
      })
    ).rejects.toThrow("provider down")
    expect(await isFree(locking, A)).toBe(true)
  })

  it("renews the lease while a long job runs, so the lock outlives its first lease", async () => {
    jest.useFakeTimers({ now: new Date("2026-12-02T12:00:00Z") })
    const { container, locking, warnings } = containerWithLocking()
    const held = await withConsentLocks(container, [A], async () => {
      // Past the first lease, renewed every third of it on the way.
      await jest.advanceTimersByTimeAsync((CONSENT_LOCK_SECONDS + 30) * 1000)
      return isFree(locking, A)
    })
    expect(held).toBe(false)
    expect(warnings).toEqual([])
    expect(await isFree(locking, A)).toBe(true)
  })

  it("without the renewal the same wait frees the lock: the test above can fail", async () => {
    jest.useFakeTimers({ now: new Date("2026-12-02T12:00:00Z") })
    const { locking } = containerWithLocking()
    await locking.acquire(consentLockKey(A), { ownerId: "one-lease", expire: CONSENT_LOCK_SECONDS })
    await jest.advanceTimersByTimeAsync((CONSENT_LOCK_SECONDS + 30) * 1000)
    expect(await isFree(locking, A)).toBe(true)
  })
})
