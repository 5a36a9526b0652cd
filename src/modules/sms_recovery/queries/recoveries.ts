import type { RecoveryStatus } from "../../../lib/recovery-status"
import type { CartActivity, ClaimRequest, RecoveryChanges } from "../types"
import { OPEN_RECOVERY_STATUSES_SQL, placeholders } from "./sql"
import type { SqlQuery } from "./stats"

/** A recovery's outcome to write, and the claim that must still hold for the write to happen. */
export type RecoveryRelease = {
  id: string
  claimed_by: string | null
  changes: RecoveryChanges
}

/** Each writable column's type, so a value bound as text lands as what the column holds. */
const CHANGE_COLUMN_TYPES: Record<keyof RecoveryChanges, string> = {
  campaign_id: "text",
  holdout: "boolean",
  status: "text",
  phone: "text",
  next_step: "integer",
  next_send_at: "timestamptz",
  send_attempts: "integer",
  reason: "text",
  ended_at: "timestamptz",
}

/**
 * Writes recoveries' outcomes and gives up their claims, in one statement per set of changed
 * columns. Only the claim holder (or, for an unclaimed run, nobody) may write, and only while
 * the recovery is open. Returns the ids written.
 */
export function releaseRecoveriesQueries(releases: RecoveryRelease[]): SqlQuery[] {
  const byColumns = new Map<string, RecoveryRelease[]>()
  for (const release of releases) {
    const columns = (Object.keys(release.changes) as (keyof RecoveryChanges)[]).sort().join(",")
    byColumns.set(columns, [...(byColumns.get(columns) ?? []), release])
  }
  return [...byColumns].map(([joined, group]) => {
    const columns = (joined ? joined.split(",") : []) as (keyof RecoveryChanges)[]
    const assignments = columns.map((column) => `"${column}" = v."${column}"::${CHANGE_COLUMN_TYPES[column]}`)
    const row = `(${["?", "?", ...columns.map(() => "?")].join(", ")})`
    return {
      sql: `UPDATE sms_recovery r
               SET ${[...assignments, "claimed_by = NULL", "claim_expires_at = NULL", "updated_at = now()"].join(", ")}
              FROM (VALUES ${group.map(() => row).join(", ")})
                AS v(id, claimed_by${columns.map((column) => `, "${column}"`).join("")})
             WHERE r.id = v.id AND r.claimed_by IS NOT DISTINCT FROM v.claimed_by AND r.deleted_at IS NULL
               AND r.status IN (${OPEN_RECOVERY_STATUSES_SQL})
         RETURNING r.id`,
      params: group.flatMap((release) => [
        release.id,
        release.claimed_by,
        ...columns.map((column) => release.changes[column] ?? null),
      ]),
    }
  })
}

/**
 * Records shopper activity on a cart in one statement: the cart's open episode is pushed back
 * (or one is opened), and an episode that already sent a reminder is stopped, so the next idle
 * spell starts a new one.
 */
export function recordCartActivityQuery(id: string, activity: CartActivity): SqlQuery {
  const sql = `
    WITH ended AS (
      UPDATE sms_recovery
         SET status = 'stopped', reason = 'cart_activity', next_send_at = NULL,
             claimed_by = NULL, claim_expires_at = NULL, ended_at = ?, updated_at = now()
       WHERE cart_id = ? AND status = 'active' AND deleted_at IS NULL
       RETURNING id
    )
    INSERT INTO sms_recovery
      (id, cart_id, campaign_id, customer_id, status, last_activity_at, next_step, next_send_at,
       send_attempts, created_at, updated_at)
    VALUES (?, ?, ?, ?, 'tracking', ?, 1, ?, 0, now(), now())
    ON CONFLICT (cart_id) WHERE status = 'tracking' AND deleted_at IS NULL
    DO UPDATE SET
      last_activity_at = GREATEST(sms_recovery.last_activity_at, EXCLUDED.last_activity_at),
      next_send_at = EXCLUDED.next_send_at,
      campaign_id = EXCLUDED.campaign_id,
      customer_id = COALESCE(EXCLUDED.customer_id, sms_recovery.customer_id),
      next_step = 1, send_attempts = 0, reason = NULL, updated_at = now()`
  return {
    sql,
    params: [
      activity.at,
      activity.cartId,
      id,
      activity.cartId,
      activity.campaignId ?? null,
      activity.customerId ?? null,
      activity.at,
      activity.firstStepDueAt ?? null,
    ],
  }
}

/**
 * Claims up to N due recoveries for a worker, oldest due first: parameters are the worker id,
 * the lease's end, now (twice) and N. Reads only due rows, through the partial index
 * `IDX_sms_recovery_due`; `SKIP LOCKED` keeps two workers off the same rows.
 *
 * The rows locked are updated by their address (`ctid`), not looked up again by id: a second
 * index probe per row was a third of the claim's page reads at 1M recoveries. A locked row
 * that another transaction changed after this statement began is locked but left unclaimed
 * (the update cannot see that version), never claimed twice. `NO KEY UPDATE` is the lock the
 * update takes anyway, so a message being inserted for a recovery (its foreign key check
 * holds a key-share lock) does not make the claim skip it.
 */
export const CLAIM_DUE_RECOVERIES_SQL = `WITH claimed AS (
  UPDATE sms_recovery r
     SET claimed_by = ?, claim_expires_at = ?, updated_at = now()
   WHERE r.ctid = ANY(ARRAY(
     SELECT ctid FROM sms_recovery
      WHERE next_send_at IS NOT NULL AND deleted_at IS NULL
        AND next_send_at <= ?
        AND (claim_expires_at IS NULL OR claim_expires_at < ?)
      ORDER BY next_send_at
      LIMIT ?
      FOR NO KEY UPDATE SKIP LOCKED
   ))
  RETURNING r.id, r.cart_id, r.campaign_id, r.phone, r.customer_id, r.status,
    r.last_activity_at, r.next_step, r.next_send_at, r.send_attempts
)
SELECT * FROM claimed ORDER BY next_send_at, id`

export function claimDueRecoveriesQuery(request: ClaimRequest): SqlQuery {
  const leaseUntil = new Date(request.now.getTime() + request.leaseSeconds * 1000)
  return {
    sql: CLAIM_DUE_RECOVERIES_SQL,
    params: [request.workerId, leaseUntil, request.now, request.now, request.limit],
  }
}

/** Ends every open recovery of a phone; returns their ids. */
export function endRecoveriesForPhoneQuery(
  phone: string,
  ending: { status: RecoveryStatus; reason: string; at: Date }
): SqlQuery {
  const sql = `
    UPDATE sms_recovery
       SET status = ?, reason = ?, next_send_at = NULL, ended_at = ?, updated_at = now()
     WHERE phone = ? AND status IN (${OPEN_RECOVERY_STATUSES_SQL}) AND deleted_at IS NULL
    RETURNING id`
  return { sql, params: [ending.status, ending.reason, ending.at, phone] }
}

/**
 * Schedules, due at `at`, the recoveries parked for lack of consent (`reason = 'no_consent'`)
 * of these carts or this phone; returns their ids. Null when there is nothing to match.
 */
export function resumeRecoveriesAwaitingConsentQuery(match: {
  cartIds?: string[]
  phone?: string
  at: Date
}): SqlQuery | null {
  const cartIds = match.cartIds ?? []
  const matches = [
    ...(cartIds.length ? [`cart_id IN (${placeholders(cartIds)})`] : []),
    ...(match.phone ? ["phone = ?"] : []),
  ]
  if (!matches.length) {
    return null
  }
  const sql = `
    UPDATE sms_recovery
       SET next_send_at = ?, reason = NULL, updated_at = now()
     WHERE status = 'tracking' AND next_send_at IS NULL AND reason = 'no_consent'
       AND deleted_at IS NULL AND (${matches.join(" OR ")})
    RETURNING id`
  return { sql, params: [match.at, ...cartIds, ...(match.phone ? [match.phone] : [])] }
}

/** Sets the number each recovery's texts go to, where it changed. */
export function setRecoveryPhonesQuery(phones: { id: string; phone: string }[]): SqlQuery {
  const sql = `
    UPDATE sms_recovery r SET phone = v.phone, updated_at = now()
      FROM (VALUES ${phones.map(() => "(?, ?)").join(", ")}) AS v(id, phone)
     WHERE r.id = v.id AND r.phone IS DISTINCT FROM v.phone`
  return { sql, params: phones.flatMap(({ id, phone }) => [id, phone]) }
}

/**
 * Points a recovery back at the step of a text that never went out, due `now`, unless it has
 * moved on: ended other than exhausted, held by a worker, or a later text is on its way. It is
 * `active` again when another text of it went out, else `tracking`. Returns its id when done.
 */
export function reopenAtStepQuery(message: {
  id: string
  recovery_id: string
  step_position: number
}, now: Date): SqlQuery {
  const sql = `
    UPDATE sms_recovery r
       SET next_step = ?, next_send_at = ?, ended_at = NULL, send_attempts = 0,
           reason = 'resend_unconfirmed', updated_at = now(),
           status = CASE WHEN EXISTS (
             SELECT 1 FROM sms_message o WHERE o.recovery_id = r.id AND o.id <> ?
                AND o.status IN ('sent', 'delivered') AND o.deleted_at IS NULL
           ) THEN 'active' ELSE 'tracking' END
     WHERE r.id = ? AND r.deleted_at IS NULL AND r.status IN (${OPEN_RECOVERY_STATUSES_SQL}, 'exhausted')
       AND (r.claim_expires_at IS NULL OR r.claim_expires_at < ?)
       AND NOT EXISTS (
         SELECT 1 FROM sms_message later WHERE later.recovery_id = r.id
            AND later.step_position > ? AND later.status IN ('queued', 'sent', 'delivered')
            AND later.deleted_at IS NULL
       )
    RETURNING r.id`
  return {
    sql,
    params: [message.step_position, now, message.id, message.recovery_id, now, message.step_position],
  }
}
