import { model } from "@medusajs/framework/utils"
import { ConsentEvent } from "./consent-event"

export const CONSENT_STATUSES = ["pending", "opted_in", "opted_out"] as const

/** One phone number's current permission to receive marketing texts. */
export const Consent = model
  .define("sms_consent", {
    id: model.id({ prefix: "smscons" }).primaryKey(),
    /** E.164; unique, so a number has one status whatever carts or customers it appears on. */
    phone: model.text(),
    status: model.enum([...CONSENT_STATUSES]).default("pending"),
    country: model.text().nullable(),
    customer_id: model.text().nullable(),
    locale: model.text().nullable(),
    /** When the number was last sent a double opt-in text: one a day, and the hourly ceilings. */
    confirmation_sent_at: model.dateTime().nullable(),
    events: model.hasMany(() => ConsentEvent, { mappedBy: "consent" }),
  })
  .indexes([
    { on: ["phone"], unique: true },
    { on: ["customer_id"], where: "customer_id IS NOT NULL" },
    { on: ["confirmation_sent_at"], where: "confirmation_sent_at IS NOT NULL" },
  ])
