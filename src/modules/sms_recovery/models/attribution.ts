import { model } from "@medusajs/framework/utils"

/** `holdout`: an order from a held-out recovery, credited to the text that was not sent. */
export const ATTRIBUTION_MODELS = ["click", "view", "holdout"] as const

/** An order credited to a reminder: exactly one per order. */
export const Attribution = model
  .define("sms_attribution", {
    id: model.id({ prefix: "smsattr" }).primaryKey(),
    order_id: model.text(),
    recovery_id: model.text(),
    message_id: model.text(),
    model: model.enum([...ATTRIBUTION_MODELS]),
    /** The order total in the order's currency, as Medusa stores it (no float rounding). */
    amount: model.bigNumber(),
    currency_code: model.text(),
    attributed_at: model.dateTime(),
    /** Kept by database triggers for the stats: the recovery's campaign, the text's step and variant. */
    campaign_id: model.text().nullable(),
    step_position: model.number().nullable(),
    variant_id: model.text().nullable(),
  })
  .indexes([{ on: ["order_id"], unique: true }, { on: ["attributed_at"] }])
