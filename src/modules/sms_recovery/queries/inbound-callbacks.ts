import type { SqlQuery } from "./stats"

export type InboundCallbackKind = "mo_text" | "delivery_report"

/** A Sinch callback to record before answering it. */
export type NewInboundCallback = {
  kind: InboundCallbackKind
  /** Sinch's id for it: the same callback retried carries the same one. */
  external_id: string
  /** For an opt-out (the STOP family), the sender in E.164; null otherwise. */
  opt_out_phone: string | null
  /** The validated callback, as the workflow that applies it takes it (dates as ISO strings). */
  payload: Record<string, unknown>
}

/** A recorded callback not applied yet. */
export type InboundCallbackToApply = {
  id: string
  kind: InboundCallbackKind
  payload: Record<string, unknown>
  /** Applications that failed so far. */
  attempts: number
}

/**
 * Records a callback unless one of its kind with its Sinch id exists, and returns it while it
 * is unapplied: a new callback, or Sinch's retry of one recorded before and not applied yet.
 * An applied one returns nothing.
 */
export function recordInboundCallbackQuery(
  id: string,
  callback: Omit<NewInboundCallback, "opt_out_phone">,
  optOutPhoneKey: string | null
): SqlQuery {
  return {
    sql: `WITH inserted AS (
       INSERT INTO sms_inbound_callback (id, kind, external_id, opt_out_phone_key, payload, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?::jsonb, now(), now())
       ON CONFLICT (kind, external_id) WHERE deleted_at IS NULL DO NOTHING
       RETURNING id, kind, payload, attempts
     )
     SELECT id, kind, payload, attempts FROM inserted
     UNION ALL
     SELECT id, kind, payload, attempts FROM sms_inbound_callback
      WHERE kind = ? AND external_id = ? AND applied_at IS NULL AND deleted_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM inserted)`,
    params: [
      id,
      callback.kind,
      callback.external_id,
      optOutPhoneKey,
      JSON.stringify(callback.payload),
      callback.kind,
      callback.external_id,
    ],
  }
}

/**
 * The consent a send must obey, in one statement: `opted_out` while an opt-out texted by the
 * number is recorded and not yet applied, else the consent's status (`none` without one).
 */
export function consentStatusForSendQuery(phone: string, phoneKey: string): SqlQuery {
  return {
    sql: `SELECT CASE
       WHEN EXISTS (
         SELECT 1 FROM sms_inbound_callback
          WHERE opt_out_phone_key = ? AND applied_at IS NULL AND deleted_at IS NULL
       ) THEN 'opted_out'
       ELSE COALESCE((SELECT status FROM sms_consent WHERE phone = ? AND deleted_at IS NULL), 'none')
     END AS status`,
    params: [phoneKey, phone],
  }
}
