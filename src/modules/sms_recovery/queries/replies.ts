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
