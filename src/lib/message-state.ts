/** What tells whether a recorded text may have left: its status and its hand-overs. */
export type MessageSendState = {
  status: string
  /** Hand-overs to the provider, each counted before it happens. */
  send_attempts: number
  error_code: string | null
}

/** The `error_code` of a message whose send failed in a way that may still have reached Sinch. */
export const SEND_UNCONFIRMED = "send_unconfirmed"

/**
 * A queued message that was never handed to the provider can be withdrawn (with its link and
 * code); one that was handed over, even by a worker that died mid-send, may have gone out and
 * must be kept for the retry that sends it once or finds it sent.
 */
export function messageMayHaveGoneOut(message: MessageSendState): boolean {
  return message.status !== "queued" || message.send_attempts > 0 || message.error_code === SEND_UNCONFIRMED
}
