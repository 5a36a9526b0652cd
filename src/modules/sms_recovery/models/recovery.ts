import { model } from "@medusajs/framework/utils"
import { RECOVERY_STATUSES } from "../../../lib/recovery-status"
import { Message } from "./message"

/**
 * One abandoned-cart episode. Cart events keep `last_activity_at` current; the sweep claims a
 * recovery when `next_send_at` is due, through a partial index that holds due rows only.
 */
export const Recovery = model
  .define("sms_recovery", {
    id: model.id({ prefix: "smsrec" }).primaryKey(),
    cart_id: model.text(),
    campaign_id: model.text().nullable(),
    /** In the campaign's holdout: never texted. Fixed with `campaign_id` when the episode starts. */
    holdout: model.boolean().default(false),
    /** E.164, filled when the sweep finds a number on the cart. */
    phone: model.text().nullable(),
    customer_id: model.text().nullable(),
    status: model.enum([...RECOVERY_STATUSES]).default("tracking"),
    last_activity_at: model.dateTime(),
    /** Position of the next campaign step to send. */
    next_step: model.number().default(1),
    /** When the next step is due; null while nothing is scheduled. */
    next_send_at: model.dateTime().nullable(),
    /** The sweep worker holding this recovery, until `claim_expires_at`. */
    claimed_by: model.text().nullable(),
    claim_expires_at: model.dateTime().nullable(),
    /** Consecutive failed send attempts of the current step (provider outages). */
    send_attempts: model.number().default(0),
    /** Why the recovery ended or its last step was skipped: a reason code. */
    reason: model.text().nullable(),
    ended_at: model.dateTime().nullable(),
    messages: model.hasMany(() => Message, { mappedBy: "recovery" }),
  })
  .indexes([
    {
      name: "IDX_sms_recovery_open_cart",
      on: ["cart_id"],
      unique: true,
      where: "status = 'tracking'",
    },
    { name: "IDX_sms_recovery_due", on: ["next_send_at"], where: "next_send_at IS NOT NULL" },
    { on: ["cart_id"] },
    { on: ["phone"], where: "phone IS NOT NULL" },
    { on: ["customer_id"], where: "customer_id IS NOT NULL" },
  ])
