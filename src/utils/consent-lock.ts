import { createHash } from "node:crypto"
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

/** Seconds a send or an opt-out may wait for the other, and hold the lock at most. */
export const CONSENT_LOCK_SECONDS = 120

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
 * Runs the job while holding the consent locks of all these numbers. They are taken one after
 * the other in one global order, so two workers whose numbers overlap never each hold a lock
 * the other waits for.
 */
export async function withConsentLocks<T>(
  container: MedusaContainer,
  phones: string[],
  job: () => Promise<T>
): Promise<T> {
  const locking = container.resolve(Modules.LOCKING)
  const keys = [...new Set(phones.map(consentLockKey))].sort()
  const holding = keys.reduceRight<() => Promise<T>>(
    (inner, key) => () =>
      locking.execute(key, inner, { timeout: CONSENT_LOCK_SECONDS, expire: CONSENT_LOCK_SECONDS }),
    job
  )
  return holding()
}
