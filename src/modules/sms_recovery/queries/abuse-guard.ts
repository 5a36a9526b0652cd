import type { SqlQuery } from "./stats"

/** Counts one request under a key in a window; returns the window's count, this one included. */
export function countRateLimitHitQuery(id: string, key: string, windowStart: Date): SqlQuery {
  const sql = `
    INSERT INTO sms_rate_limit_counter (id, key, window_start, hits, created_at, updated_at)
    VALUES (?, ?, ?, 1, now(), now())
    ON CONFLICT (key, window_start) WHERE deleted_at IS NULL
    DO UPDATE SET hits = sms_rate_limit_counter.hits + 1, updated_at = now()
    RETURNING hits`
  return { sql, params: [id, key, windowStart] }
}

/** Deletes the counters of windows that started before `before`. */
export function pruneRateLimitCountersQuery(before: Date): SqlQuery {
  return { sql: `DELETE FROM sms_rate_limit_counter WHERE window_start < ?`, params: [before] }
}

/**
 * Serialises confirmation-text reservations store-wide for the rest of the transaction, on
 * every instance: the ceilings are counted and taken under it.
 */
export const CONFIRMATION_CEILING_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('sms_recovery:confirmation_ceiling'))`

/** A consent's country and last confirmation text, locked; and the texts sent since `since`. */
export function confirmationUsageQuery(consentId: string, since: Date): SqlQuery {
  const sql = `
    SELECT c.confirmation_sent_at,
           (SELECT count(*)::int FROM sms_consent a
             WHERE a.confirmation_sent_at >= ? AND a.deleted_at IS NULL) AS sent_last_hour,
           (SELECT count(*)::int FROM sms_consent a
             WHERE a.confirmation_sent_at >= ? AND a.deleted_at IS NULL
               AND upper(a.country) IS NOT DISTINCT FROM upper(c.country)) AS sent_last_hour_to_country
      FROM sms_consent c
     WHERE c.id = ? AND c.deleted_at IS NULL
       FOR UPDATE OF c`
  return { sql, params: [since, since, consentId] }
}

/** Sets (or restores) when a consent's number was last sent a confirmation text. */
export function setConfirmationSentAtQuery(consentId: string, at: Date | null): SqlQuery {
  return {
    sql: `UPDATE sms_consent SET confirmation_sent_at = ?, updated_at = now() WHERE id = ?`,
    params: [at, consentId],
  }
}
