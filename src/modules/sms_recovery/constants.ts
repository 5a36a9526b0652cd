/** The module's name: the container key of its service and the prefix of its Query entities. */
export const SMS_RECOVERY_MODULE = "sms_recovery"

/**
 * A message's `error_code` while its send failed in a way that may still have reached Sinch:
 * the message and its code are kept, so the retry sends this very text or finds it sent.
 */
export { SEND_UNCONFIRMED } from "../../lib/message-state"
