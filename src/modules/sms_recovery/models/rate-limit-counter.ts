import { model } from "@medusajs/framework/utils"

/**
 * Requests counted per key (a client address or a number, hashed) and fixed time window, for
 * limits on requests that leave no other row behind, such as consent status lookups. One
 * upsert per request counts it, so the count holds across server instances. Rows of windows
 * that have ended can be deleted.
 */
export const RateLimitCounter = model
  .define("sms_rate_limit_counter", {
    id: model.id({ prefix: "smsrate" }).primaryKey(),
    key: model.text(),
    window_start: model.dateTime(),
    hits: model.number().default(0),
  })
  .indexes([{ on: ["key", "window_start"], unique: true }, { on: ["window_start"] }])
