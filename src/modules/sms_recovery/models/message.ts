import { model } from "@medusajs/framework/utils"
import { Recovery } from "./recovery"

export const MESSAGE_STATUSES = [
  "queued",
  "sent",
  "delivered",
  "failed",
  "undeliverable",
  /** Would have been sent, but the recovery is in the holdout: nothing went to the provider. */
  "held_out",
] as const

/** One reminder sent (or being sent, or held out) for a recovery's step. */
export const Message = model
  .define("sms_message", {
    id: model.id({ prefix: "smsmsg" }).primaryKey(),
    recovery: model.belongsTo(() => Recovery, { mappedBy: "messages" }),
    step_id: model.text(),
    step_position: model.number(),
    variant_id: model.text().nullable(),
    channel: model.text().default("sms"),
    /** `recovery:<id>:step:<n>`: unique, so a step is recorded (and sent) once. */
    idempotency_key: model.text(),
    to: model.text(),
    body: model.text().nullable(),
    encoding: model.text().nullable(),
    segments: model.number().nullable(),
    status: model.enum([...MESSAGE_STATUSES]).default("queued"),
    /** Sinch batch id. */
    batch_id: model.text().nullable(),
    /**
     * How many times the text was handed to the provider, written before each hand-over, so a
     * worker that dies mid-send leaves proof that the text may have gone out.
     */
    send_attempts: model.number().default(0),
    error_code: model.text().nullable(),
    error_message: model.text().nullable(),
    sent_at: model.dateTime().nullable(),
    delivered_at: model.dateTime().nullable(),
    /** Code of the tracked link in the text (`/sms/r/<code>`). */
    link_code: model.text().nullable(),
    link_expires_at: model.dateTime().nullable(),
    clicks: model.number().default(0),
    first_clicked_at: model.dateTime().nullable(),
    last_clicked_at: model.dateTime().nullable(),
    promotion_id: model.text().nullable(),
    discount_code: model.text().nullable(),
    /*
     * Kept by database triggers for the stats' daily rollups (see Migration20261202110000);
     * whatever a write sets here is replaced. The recovery's campaign, whether the recovery
     * earned an order, and when its recovery, its number, and its number within the campaign
     * were last texted before this text.
     */
    campaign_id: model.text().nullable(),
    recovery_won: model.boolean().default(false),
    prev_recovery_sent_at: model.dateTime().nullable(),
    prev_phone_sent_at: model.dateTime().nullable(),
    prev_campaign_phone_sent_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["idempotency_key"], unique: true },
    { on: ["link_code"], unique: true, where: "link_code IS NOT NULL" },
    { on: ["batch_id"], where: "batch_id IS NOT NULL" },
    { on: ["to", "sent_at"] },
    { on: ["sent_at"], where: "sent_at IS NOT NULL" },
    // Texts recorded as sent without a batch id (left by versions before send_attempts), which
    // the sweep looks up at Sinch and settles.
    {
      name: "IDX_sms_message_sent_without_batch",
      on: ["created_at"],
      where: "status = 'sent' AND batch_id IS NULL AND channel = 'sms'",
    },
  ])
