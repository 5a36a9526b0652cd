import { model } from "@medusajs/framework/utils"
import { Consent } from "./consent"

export const CONSENT_EVENT_TYPES = [
  "requested",
  "confirmed",
  "opted_in",
  "opted_out",
  "help",
  "erased",
] as const

export const CONSENT_CHANNELS = ["checkout", "keyword", "admin", "api"] as const

/**
 * Append-only ledger: the proof of what a shopper was shown and said. Rows are never updated
 * or deleted, except that a GDPR erase replaces the phone with a keyed hash.
 */
export const ConsentEvent = model
  .define("sms_consent_event", {
    id: model.id({ prefix: "smscev" }).primaryKey(),
    consent: model.belongsTo(() => Consent, { mappedBy: "events" }),
    phone: model.text(),
    type: model.enum([...CONSENT_EVENT_TYPES]),
    channel: model.enum([...CONSENT_CHANNELS]),
    consent_text: model.text().nullable(),
    consent_text_hash: model.text().nullable(),
    consent_text_version: model.text().nullable(),
    source_url: model.text().nullable(),
    ip: model.text().nullable(),
    user_agent: model.text().nullable(),
    inbound_text: model.text().nullable(),
    /** Sinch's id of the inbound message; unique, so a callback Sinch retries is recorded once. */
    inbound_message_id: model.text().nullable(),
    occurred_at: model.dateTime(),
  })
  .indexes([
    { on: ["phone", "occurred_at"] },
    { on: ["inbound_message_id"], unique: true, where: "inbound_message_id IS NOT NULL" },
    { on: ["ip", "occurred_at"], where: "ip IS NOT NULL" },
  ])
