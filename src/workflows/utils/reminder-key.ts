/** The idempotency key of a recovery's step: one message, one notification, one Sinch batch. */
export function reminderIdempotencyKey(recoveryId: string, position: number): string {
  return `recovery:${recoveryId}:step:${position}`
}
