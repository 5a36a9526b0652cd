import type { NewMessage } from "../types"
import type { SqlQuery } from "./sql"

/** A step a held-out recovery would have sent: recorded, never sent. */
export type HeldOutMessage = Pick<
  NewMessage,
  "recovery_id" | "step_id" | "step_position" | "variant_id" | "channel" | "idempotency_key" | "to"
> & {
  /** When the text would have gone out: the message's `created_at`. */
  held_out_at: Date
}

/**
 * Inserts held-out messages whose idempotency key has none yet, and returns those rows: no
 * body, no link, no code, never sent, dated when they would have gone out.
 */
export function insertHeldOutMessagesQuery(messages: { id: string; message: HeldOutMessage }[]): SqlQuery {
  const sql = `
    INSERT INTO sms_message
      (id, recovery_id, step_id, step_position, variant_id, channel, idempotency_key, "to", status,
       created_at, updated_at)
    VALUES ${messages.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, 'held_out', ?, now())").join(", ")}
    ON CONFLICT (idempotency_key) WHERE deleted_at IS NULL DO NOTHING
    RETURNING *`
  return {
    sql,
    params: messages.flatMap(({ id, message }) => [
      id,
      message.recovery_id,
      message.step_id,
      message.step_position,
      message.variant_id,
      message.channel,
      message.idempotency_key,
      message.to,
      message.held_out_at,
    ]),
  }
}
