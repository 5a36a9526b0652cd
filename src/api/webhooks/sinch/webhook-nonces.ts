import { generateEntityId } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { SINCH_SIGNATURE_MAX_SKEW_SECONDS } from "../../../lib/sinch-signature"

/**
 * A nonce must be remembered while a request carrying it could still pass the timestamp
 * check: up to the skew after a timestamp that was itself up to the skew ahead.
 */
const NONCE_RETENTION_MS = 2 * SINCH_SIGNATURE_MAX_SKEW_SECONDS * 1000
const PRUNE_INTERVAL_MS = 60 * 1000

let lastPrunedAt = 0

/**
 * Remembers a signed callback's nonce; false when it was seen before (a replay). One statement,
 * so two copies of a request arriving together cannot both pass.
 */
export async function recordNonce(knex: Knex, nonce: string, at: Date): Promise<boolean> {
  const { rows } = await knex.raw<{ rows: { id: string }[] }>(
    `INSERT INTO sms_webhook_nonce (id, nonce, received_at, created_at, updated_at)
     VALUES (?, ?, ?, now(), now())
     ON CONFLICT (nonce) WHERE deleted_at IS NULL DO NOTHING
     RETURNING id`,
    [generateEntityId(undefined, "smsnonce"), nonce, at]
  )
  await pruneNonces(knex, at)
  return rows.length > 0
}

/** Forgets a nonce, so Sinch's retry of a callback that failed on our side is not a replay. */
export async function forgetNonce(knex: Knex, nonce: string): Promise<void> {
  await knex.raw(`DELETE FROM sms_webhook_nonce WHERE nonce = ?`, [nonce])
}

/** Deletes nonces too old to matter, at most once a minute per process. */
async function pruneNonces(knex: Knex, at: Date): Promise<void> {
  if (at.getTime() - lastPrunedAt < PRUNE_INTERVAL_MS) {
    return
  }
  lastPrunedAt = at.getTime()
  await knex.raw(`DELETE FROM sms_webhook_nonce WHERE received_at < ?`, [
    new Date(at.getTime() - NONCE_RETENTION_MS),
  ])
}
