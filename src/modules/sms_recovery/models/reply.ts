import { model } from "@medusajs/framework/utils"

/**
 * A text a shopper sent the store's number that is not a keyword: kept for a person to read
 * and answer, with the recovery (and cart) whose reminder the number got last. One per Sinch
 * inbound id, so a callback applied twice stores it once. A GDPR erase deletes the number's
 * replies.
 */
export const Reply = model
  .define("sms_reply", {
    id: model.id({ prefix: "smsrep" }).primaryKey(),
    /** The sender, in E.164. */
    phone: model.text(),
    body: model.text(),
    received_at: model.dateTime(),
    /** Sinch's id of the inbound message. */
    inbound_message_id: model.text(),
    /** The number's most recent recovery that texted it, when there is one. */
    recovery_id: model.text().nullable(),
    cart_id: model.text().nullable(),
    customer_id: model.text().nullable(),
  })
  .indexes([
    { on: ["inbound_message_id"], unique: true },
    { on: ["phone"] },
    { on: ["received_at"] },
    { on: ["cart_id"], where: "cart_id IS NOT NULL" },
  ])
