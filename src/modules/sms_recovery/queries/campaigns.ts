import type { SqlQuery } from "./sql"

/**
 * Serialises the default campaign's creation store-wide for the rest of the transaction, so
 * two instances booting together do not both create it.
 */
export const DEFAULT_CAMPAIGN_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('sms_recovery_default_campaign'))`

export function countCampaignsQuery(): SqlQuery {
  return { sql: `SELECT count(*)::int AS count FROM sms_campaign WHERE deleted_at IS NULL`, params: [] }
}
