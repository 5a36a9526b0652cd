import { model } from "@medusajs/framework/utils"

export const INBOUND_CALLBACK_KINDS = ["mo_text", "delivery_report"] as const

/**
 * A Sinch callback (an inbound text or a delivery report), recorded before it is answered and
 * applied afterwards, so the answer never waits on a send in flight and a callback is never
 * lost once Sinch has its 2xx. Keyed by Sinch's own id, so Sinch's retries are recorded once.
 */
export const InboundCallback = model
  .define("sms_inbound_callback", {
    id: model.id({ prefix: "smsinb" }).primaryKey(),
    kind: model.enum([...INBOUND_CALLBACK_KINDS]),
    /** The inbound message's id, or the batch id and a digest of the report's statuses. */
    external_id: model.text(),
    /**
     * The sender's `phoneKey` when the text is an opt-out: until it is applied, the send path
     * treats the number as opted out.
     */
    opt_out_phone_key: model.text().nullable(),
    /** The callback as validated; cleared once applied, so no number or text stays here. */
    payload: model.json().nullable(),
    applied_at: model.dateTime().nullable(),
    attempts: model.number().default(0),
    last_error: model.text().nullable(),
  })
  .indexes([
    { on: ["kind", "external_id"], unique: true },
    { on: ["opt_out_phone_key"], where: "applied_at IS NULL AND opt_out_phone_key IS NOT NULL" },
    { on: ["created_at"], where: "applied_at IS NULL" },
  ])
