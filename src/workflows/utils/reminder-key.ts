/** The idempotency key of a recovery's step: one message, one notification, one Sinch batch. */
export function reminderIdempotencyKey(recoveryId: string, position: number): string {
  return `recovery:${recoveryId}:step:${position}`
}

/**
 * The notification key of a message's n-th hand-over to the provider (from 1). Medusa never
 * sends a key twice, even one whose notification failed or was left pending by a dead worker,
 * so every attempt after the first has a key of its own; Sinch still sees the message's key
 * as the batch's reference, and every attempt after the first looks it up before sending.
 */
export function sendAttemptKey(messageKey: string, attempt: number): string {
  return attempt <= 1 ? messageKey : `${messageKey}:retry:${attempt - 1}`
}

/** The notification keys of the attempts before the n-th. */
export function earlierAttemptKeys(messageKey: string, attempt: number): string[] {
  return Array.from({ length: Math.max(attempt - 1, 0) }, (_, index) => sendAttemptKey(messageKey, index + 1))
}
