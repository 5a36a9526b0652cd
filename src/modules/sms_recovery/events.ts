/** Events the plugin emits; subscribe to them like Medusa's own. */
export const SmsRecoveryEvents = {
  /** A reminder went out: `{ id (message), recovery_id, cart_id, step_position, channel, batch_id }`. */
  REMINDER_SENT: "sms_recovery.reminder_sent",
  /** An order was attributed to a reminder: `{ id (recovery), order_id, model, amount, currency_code }`. */
  RECOVERED: "sms_recovery.recovered",
  /** A phone's consent changed: `{ phone (masked), status, channel }`. */
  CONSENT_CHANGED: "sms_recovery.consent_changed",
  /** A shopper texted something that is not a keyword: `{ id (reply), recovery_id, cart_id, customer_id }`. */
  REPLY_RECEIVED: "sms_recovery.reply_received",
} as const
