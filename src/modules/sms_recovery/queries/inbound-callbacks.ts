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

/** A report status naming the number, as `@>` matches it in a recorded report's `statuses`. */
function reportRecipient(phone: string): string {
  return JSON.stringify([{ recipient: phone }])
}

/**
 * The unapplied callbacks a number's erase applies first, oldest first: its opt-outs (a STOP
 * is honoured and confirmed, and lands in the ledger the erase then hashes) and the delivery
 * reports of texts to it (so the store's delivery figures stay true).
 */
export function unappliedCallbacksOfPhoneQuery(phone: string, phoneKey: string): SqlQuery {
  return {
    sql: `SELECT id, kind, payload, attempts FROM sms_inbound_callback
      WHERE applied_at IS NULL AND deleted_at IS NULL
        AND (opt_out_phone_key = ?
             OR (kind = 'delivery_report' AND payload -> 'statuses' @> ?::jsonb))
      ORDER BY created_at`,
    params: [phoneKey, reportRecipient(phone)],
  }
}

/**
 * Deletes every recorded callback that holds the number, applied or not: its texts (the
 * payload has the sender and the text) and the delivery reports naming it. Our batches have
 * one recipient each, so a report naming the number is about no one else.
 */
export function eraseInboundCallbacksQuery(phone: string, phoneKey: string): SqlQuery {
  return {
    sql: `DELETE FROM sms_inbound_callback
      WHERE opt_out_phone_key = ?
         OR (kind = 'mo_text' AND payload ->> 'from' = ?)
         OR (kind = 'delivery_report' AND payload -> 'statuses' @> ?::jsonb)
      RETURNING id`,
    params: [phoneKey, phone, reportRecipient(phone)],
  }
}

/**
 * The consent each send must obey, in one statement: `opted_out` while an opt-out texted by
 * the number is recorded and not yet applied, else the consent's status (`none` without one).
 * Each number comes with its key, the digest an unapplied opt-out is found by.
 */
export function consentStatusesForSendQuery(phones: { phone: string; key: string }[]): SqlQuery {
  return {
    sql: `SELECT p.phone, CASE
       WHEN EXISTS (
         SELECT 1 FROM sms_inbound_callback c
          WHERE c.opt_out_phone_key = p.key AND c.applied_at IS NULL AND c.deleted_at IS NULL
       ) THEN 'opted_out'
       ELSE COALESCE((SELECT s.status FROM sms_consent s WHERE s.phone = p.phone AND s.deleted_at IS NULL), 'none')
     END AS status
     FROM (VALUES ${phones.map(() => "(?, ?)").join(", ")}) AS p(phone, key)`,
    params: phones.flatMap(({ phone, key }) => [phone, key]),
  }
}
