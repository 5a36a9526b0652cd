import { createHash, randomUUID } from "node:crypto"
import { setTimeout as sleep } from "node:timers/promises"
import type { ILockingModule, Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"

/** Seconds an opt-out may wait for a send, and the lease of a lock whose holder died. */
export const CONSENT_LOCK_SECONDS = 120

/** How long a send keeps trying a number whose lock is taken before it puts that text off. */
const BUSY_WAIT_MS = 1_000
const BUSY_RETRY_MS = 100

/**
 * The lock that orders a reminder's send and an opt-out of the same phone: the sender checks
 * consent and sends while holding it, and an opt-out is recorded while holding it, so no text
 * leaves after the opt-out is recorded. Medusa's locking module holds it (in memory on one
 * instance, Redis or Postgres across instances), not a database connection. The key is a
 * digest, so the lock store never holds the number itself.
 */
export function consentLockKey(phone: string): string {
  return `sms-consent:${createHash("sha256").update(phone, "utf8").digest("hex").slice(0, 32)}`
}

/**
 * Runs the job holding the consent locks of those of these numbers it could take, and tells it
 * which. A number whose lock someone else holds (an opt-out being applied, another send to it)
 * is tried again for up to a second, then left out: the caller puts its text off rather than
 * wait. Since no send waits long for a lock while holding others, two workers whose numbers
 * overlap never wait on each other.
 *
 * The locks are taken as a lease renewed while the job runs, so a process that dies mid-send
 * frees them when the lease runs out. They are taken with `acquire` rather than `execute`,
 * whose acquisition timer outlives the call by its whole timeout.
 */
export async function withConsentLocks<T>(
  container: MedusaContainer,
  phones: string[],
  job: (locked: Set<string>) => Promise<T>
): Promise<T> {
  const locking = container.resolve<ILockingModule>(Modules.LOCKING)
  const keyByPhone = new Map(phones.map((phone) => [phone, consentLockKey(phone)]))
  const keys = [...new Set(keyByPhone.values())]
  if (!keys.length) {
    return job(new Set())
  }
  const ownerId = `sms-send:${randomUUID()}`
  const held = await takeFreeLocks(locking, keys, ownerId)
  const renewal = setInterval(() => {
    locking.acquire([...held], { ownerId, expire: CONSENT_LOCK_SECONDS }).catch((error: Error) => {
      container
        .resolve<Logger>(ContainerRegistrationKeys.LOGGER)
        .warn(`SMS recovery could not renew the consent locks of a send: ${error.message}`)
    })
  }, (CONSENT_LOCK_SECONDS * 1000) / 3)
  renewal.unref()
  try {
    return await job(new Set(phones.filter((phone) => held.has(keyByPhone.get(phone)!))))
  } finally {
    clearInterval(renewal)
    // Every key tried, not only those known taken: an acquisition that failed on the client
    // may still have taken its key. A release only frees keys this owner holds.
    await locking.release(keys, { ownerId })
  }
}

async function takeFreeLocks(locking: ILockingModule, keys: string[], ownerId: string): Promise<Set<string>> {
  const held = new Set<string>()
  const giveUpAt = Date.now() + BUSY_WAIT_MS
  let waiting = keys
  while (waiting.length) {
    const attempts = await Promise.allSettled(
      waiting.map((key) => locking.acquire(key, { ownerId, expire: CONSENT_LOCK_SECONDS }))
    )
    attempts.forEach((attempt, index) => {
      if (attempt.status === "fulfilled") {
        held.add(waiting[index])
      }
    })
    waiting = waiting.filter((key) => !held.has(key))
    if (!waiting.length || Date.now() >= giveUpAt) {
      break
    }
    await sleep(BUSY_RETRY_MS)
  }
  return held
}
