import { signToken } from "../../lib/signing"
import type { SmsRecoveryOptions } from "./options"

export const WEBHOOK_PURPOSES = {
  inbound: "sinch-inbound",
  delivery: "sinch-delivery",
} as const

export type WebhookKind = keyof typeof WEBHOOK_PURPOSES

/**
 * The callback URLs to paste into the Sinch dashboard (and to put on each batch), each
 * carrying a token signed with `linkSecret` that the webhook routes verify.
 */
export function webhookUrls(options: SmsRecoveryOptions): Record<WebhookKind, string> {
  const url = (kind: WebhookKind) =>
    `${options.publicUrl}/webhooks/sinch/${kind}?token=${signToken(options.linkSecret, WEBHOOK_PURPOSES[kind])}`
  return { inbound: url("inbound"), delivery: url("delivery") }
}
