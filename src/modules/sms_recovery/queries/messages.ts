import type { NewMessage } from "../types"
import { placeholders, type SqlQuery } from "./sql"

export type MessageListFilters = {
  recovery_id?: string
  cart_id?: string
  /** The messages of the recovery this order was attributed to. */
  order_id?: string
  status?: string[]
}

export type MessageListPagination = {
  limit: number
  offset: number
}

/** One text as the admin lists it. `to` is the full number: mask it before it leaves the server. */
export type MessageSummary = {
  id: string
  recovery_id: string
  cart_id: string
  step_id: string
  step_position: number
  variant_id: string | null
  variant_name: string | null
  channel: string
  to: string
  body: string | null
  encoding: string | null
  segments: number | null
  status: string
  error_code: string | null
  error_message: string | null
  batch_id: string | null
  sent_at: Date | null
  delivered_at: Date | null
  clicks: number
  first_clicked_at: Date | null
  last_clicked_at: Date | null
  link_expires_at: Date | null
  promotion_id: string | null
  discount_code: string | null
  created_at: Date
  /** Set on the text an order was credited to. */
  attribution: { order_id: string; model: string } | null
}

export type MessageSummaryRow = Omit<MessageSummary, "attribution"> & {
  attributed_order_id: string | null
  attribution_model: string | null
}

function whereClause(filters: MessageListFilters): SqlQuery {
  const conditions = ["m.deleted_at IS NULL"]
  const params: unknown[] = []
  if (filters.recovery_id) {
    conditions.push("m.recovery_id = ?")
    params.push(filters.recovery_id)
  }
  if (filters.cart_id) {
    conditions.push("r.cart_id = ?")
    params.push(filters.cart_id)
  }
  if (filters.order_id) {
    conditions.push(
      "m.recovery_id IN (SELECT recovery_id FROM sms_attribution WHERE order_id = ? AND deleted_at IS NULL)"
    )
    params.push(filters.order_id)
  }
  if (filters.status?.length) {
    conditions.push(`m.status IN (${filters.status.map(() => "?").join(", ")})`)
    params.push(...filters.status)
  }
  return { sql: conditions.join(" AND "), params }
}

/** Newest first: by when the text went out, or was created if it never did. */
export function listMessagesQuery(
  filters: MessageListFilters,
  pagination: MessageListPagination
): SqlQuery {
  const where = whereClause(filters)
  const sql = `
    SELECT m.id, m.recovery_id, r.cart_id, m.step_id, m.step_position, m.variant_id,
           v.name AS variant_name, m.channel, m."to", m.body, m.encoding, m.segments, m.status,
           m.error_code, m.error_message, m.batch_id, m.sent_at, m.delivered_at, m.clicks,
           m.first_clicked_at, m.last_clicked_at, m.link_expires_at, m.promotion_id,
           m.discount_code, m.created_at,
           a.order_id AS attributed_order_id, a.model AS attribution_model
      FROM sms_message m
      JOIN sms_recovery r ON r.id = m.recovery_id
      LEFT JOIN sms_step_variant v ON v.id = m.variant_id
      LEFT JOIN sms_attribution a ON a.message_id = m.id AND a.deleted_at IS NULL
     WHERE ${where.sql}
     ORDER BY COALESCE(m.sent_at, m.created_at) DESC, m.id DESC
     LIMIT ? OFFSET ?`
  return { sql, params: [...where.params, pagination.limit, pagination.offset] }
}

export function countMessagesQuery(filters: MessageListFilters): SqlQuery {
  const where = whereClause(filters)
  const sql = `
    SELECT count(*) AS count
      FROM sms_message m
      JOIN sms_recovery r ON r.id = m.recovery_id
     WHERE ${where.sql}`
  return { sql, params: where.params }
}

export function toMessageSummary(row: MessageSummaryRow): MessageSummary {
  const { attributed_order_id, attribution_model, ...message } = row
  return {
    ...message,
    attribution: attributed_order_id
      ? { order_id: attributed_order_id, model: String(attribution_model) }
      : null,
  }
}

/**
 * Counts a hand-over of each message to the provider, before it happens; returns each
 * message's attempt number.
 */
export function startMessageSendsQuery(ids: string[]): SqlQuery {
  return {
    sql: `UPDATE sms_message SET send_attempts = send_attempts + 1, updated_at = now()
           WHERE id IN (${ids.map(() => "?").join(", ")}) AND deleted_at IS NULL
       RETURNING id, send_attempts`,
    params: ids,
  }
}

/** A message handed over, with the provider's id for it (the Sinch batch id for an SMS). */
export type MessageSentMark = { id: string; batch_id: string | null }

/**
 * Marks messages sent. An SMS without a batch id (none given, none known) is not written. A
 * delivery report can land before this write, so a status past `queued` and a batch id
 * already known are kept; the mark of an earlier unconfirmed attempt is cleared.
 */
export function markMessagesSentQuery(marks: MessageSentMark[], at: Date, unconfirmedCode: string): SqlQuery {
  return {
    sql: `UPDATE sms_message m
             SET status = CASE WHEN m.status = 'queued' THEN 'sent' ELSE m.status END,
                 batch_id = COALESCE(m.batch_id, v.batch_id), sent_at = COALESCE(m.sent_at, ?::timestamptz),
                 error_message = CASE WHEN m.error_code = ? THEN NULL ELSE m.error_message END,
                 error_code = CASE WHEN m.error_code = ? THEN NULL ELSE m.error_code END,
                 updated_at = now()
            FROM (VALUES ${marks.map(() => "(?, ?)").join(", ")}) AS v(id, batch_id)
           WHERE m.id = v.id AND m.deleted_at IS NULL
             AND (m.channel <> 'sms' OR COALESCE(m.batch_id, v.batch_id) IS NOT NULL)
       RETURNING m.*`,
    params: [at, unconfirmedCode, unconfirmedCode, ...marks.flatMap((mark) => [mark.id, mark.batch_id])],
  }
}

/** SMS messages recorded as sent without a batch id, oldest first, with their carts. */
export function listSentWithoutBatchQuery(limit: number): SqlQuery {
  const sql = `
    SELECT m.*, r.cart_id FROM sms_message m JOIN sms_recovery r ON r.id = m.recovery_id
     WHERE m.status = 'sent' AND m.batch_id IS NULL AND m.channel = 'sms' AND m.deleted_at IS NULL
     ORDER BY m.created_at LIMIT ?`
  return { sql, params: [limit] }
}

/** Locks a message while it is still recorded as sent without a batch id. */
export function lockSentWithoutBatchQuery(id: string): SqlQuery {
  return {
    sql: `SELECT * FROM sms_message WHERE id = ? AND status = 'sent' AND batch_id IS NULL FOR UPDATE`,
    params: [id],
  }
}

/** Sets a message's status and error, and forgets when it was sent. */
export function unsendMessageQuery(
  id: string,
  status: "queued" | "failed",
  error: { code: string; message: string }
): SqlQuery {
  return {
    sql: `UPDATE sms_message
             SET status = ?, sent_at = NULL, error_code = ?, error_message = ?, updated_at = now()
           WHERE id = ?`,
    params: [status, error.code, error.message, id],
  }
}

/** Inserts messages whose idempotency key has none yet, and returns those rows. */
export function insertMessagesOnceQuery(messages: { id: string; message: NewMessage }[]): SqlQuery {
  const columns = Object.keys(messages[0].message) as (keyof NewMessage)[]
  const row = `(?, ${placeholders(columns)}, now(), now())`
  const sql = `
    INSERT INTO sms_message (id, ${columns.map((column) => `"${column}"`).join(", ")}, created_at, updated_at)
    VALUES ${messages.map(() => row).join(", ")}
    ON CONFLICT (idempotency_key) WHERE deleted_at IS NULL DO NOTHING
    RETURNING *`
  return {
    sql,
    params: messages.flatMap(({ id, message }) => [id, ...columns.map((column) => message[column] ?? null)]),
  }
}

export function messagesByKeysQuery(keys: string[]): SqlQuery {
  return {
    sql: `SELECT * FROM sms_message WHERE idempotency_key IN (${placeholders(keys)}) AND deleted_at IS NULL`,
    params: keys,
  }
}

/**
 * The steps these recoveries sent (sent or delivered) or held out, with their channels: a
 * held-out recovery's schedule follows the texts it would have sent, as a treated one's does.
 */
export function sentStepsQuery(recoveryIds: string[]): SqlQuery {
  const sql = `
    SELECT recovery_id, step_position, channel FROM sms_message
     WHERE recovery_id IN (${placeholders(recoveryIds)}) AND status IN ('sent', 'delivered', 'held_out')
       AND deleted_at IS NULL`
  return { sql, params: recoveryIds }
}

/** When SMS texts went to these phones since `since`, oldest first. */
export function sentAtForPhonesQuery(phones: string[], since: Date): SqlQuery {
  const sql = `
    SELECT "to", sent_at FROM sms_message
     WHERE "to" IN (${placeholders(phones)}) AND channel = 'sms' AND sent_at >= ?
       AND deleted_at IS NULL AND status IN ('sent', 'delivered')
     ORDER BY sent_at`
  return { sql, params: [...phones, since] }
}
