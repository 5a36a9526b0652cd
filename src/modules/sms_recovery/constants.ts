/** The module's name: the container key of its service and the prefix of its Query entities. */
export const SMS_RECOVERY_MODULE = "sms_recovery"
