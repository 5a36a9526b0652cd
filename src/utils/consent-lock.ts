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

export async function withConsentLock<T>(
  container: MedusaContainer,
  phone: string,
  job: () => Promise<T>
): Promise<T> {
  const locking = container.resolve(Modules.LOCKING)
  return locking.execute(consentLockKey(phone), job, {
    timeout: CONSENT_LOCK_SECONDS,
    expire: CONSENT_LOCK_SECONDS,
  })
}
