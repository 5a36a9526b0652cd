import { model } from "@medusajs/framework/utils"

/**
 * Nonces of signed Sinch callbacks already accepted, so a captured request cannot be replayed
 * within the signature's time window, and ids of recovery-link cart tokens already exchanged
 * (prefixed `cart-token:`, dated at the token's expiry). Rows older than that window can be
 * deleted.
 */
export const WebhookNonce = model
  .define("sms_webhook_nonce", {
    id: model.id({ prefix: "smsnonce" }).primaryKey(),
    nonce: model.text(),
    received_at: model.dateTime(),
  })
  .indexes([{ on: ["nonce"], unique: true }, { on: ["received_at"] }])
