import type { SqlQuery } from "./sql"

/** A reply to store: a text from a shopper that is not a keyword. */
export type NewReply = {
  /** The sender, in E.164. */
  phone: string
  body: string
  received_at: Date
  /** Sinch's id of the inbound message: the same text applied twice is stored once. */
  inbound_message_id: string
}

export type ReplyRow = NewReply & {
  id: string
  recovery_id: string | null
  cart_id: string | null
  customer_id: string | null
  created_at: Date
  updated_at: Date
  deleted_at: Date | null
}

/**
 * Stores a reply unless its inbound id already has one, linked to the number's most recent
 * recovery that texted it before the reply arrived (and that recovery's cart and customer, else
 * the customer of the number's consent). Returns the reply, stored now or before, with
 * `created` telling which.
 */
export function recordReplyQuery(id: string, reply: NewReply): SqlQuery {
  return {
    sql: `WITH last_text AS (
       SELECT r.id AS recovery_id, r.cart_id, r.customer_id
         FROM sms_message m
         JOIN sms_recovery r ON r.id = m.recovery_id AND r.deleted_at IS NULL
        WHERE m."to" = ? AND m.channel = 'sms' AND m.status IN ('sent', 'delivered')
          AND m.sent_at <= ? AND m.deleted_at IS NULL
        ORDER BY m.sent_at DESC, m.id DESC
        LIMIT 1
     ), inserted AS (
       INSERT INTO sms_reply
         (id, phone, body, received_at, inbound_message_id, recovery_id, cart_id, customer_id, created_at, updated_at)
       SELECT ?, ?, ?, ?, ?, t.recovery_id, t.cart_id,
              COALESCE(t.customer_id, (SELECT c.customer_id FROM sms_consent c WHERE c.phone = ? AND c.deleted_at IS NULL)),
              now(), now()
         FROM (SELECT 1) AS one
         LEFT JOIN last_text t ON true
       ON CONFLICT (inbound_message_id) WHERE deleted_at IS NULL DO NOTHING
       RETURNING *
     )
     SELECT inserted.*, true AS created FROM inserted
     UNION ALL
     SELECT sms_reply.*, false AS created FROM sms_reply
      WHERE inbound_message_id = ? AND deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM inserted)`,
    params: [
      reply.phone,
      reply.received_at,
      id,
      reply.phone,
      reply.body,
      reply.received_at,
      reply.inbound_message_id,
      reply.phone,
      reply.inbound_message_id,
    ],
  }
}

/** The fields of a reply the admin lists. */
export const REPLY_SUMMARY_FIELDS = [
  "id",
  "phone",
  "body",
  "received_at",
  "recovery_id",
  "cart_id",
  "customer_id",
  "created_at",
] as const

/** One reply as the admin lists it. `phone` is the full number: mask it before it leaves the server. */
export type ReplySummary = Pick<ReplyRow, (typeof REPLY_SUMMARY_FIELDS)[number]>
