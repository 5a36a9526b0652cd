import type { SqlQuery } from "./stats"

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
