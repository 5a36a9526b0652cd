import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import { SEND_UNCONFIRMED } from "../../modules/sms_recovery/constants"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"
import type { MessageRow } from "../../modules/sms_recovery/types"
import { webhookUrls } from "../../modules/sms_recovery/webhook-urls"
import { withConsentLock } from "../../utils/consent-lock"
import { reviveReminderContext, type ReminderContext } from "../utils/reminder-types"

export type SendReminderStepInput = {
  context: ReminderContext
  message: MessageRow
}

export type SendReminderStepOutput = {
  sent: boolean
  message: MessageRow
  /** Why nothing was sent: the consent changed, or no provider serves the channel. */
  blocked_reason: string | null
}

export const sendReminderStepId = "send-reminder"

/**
 * Sends the recorded message through Medusa's notification module with the message's
 * idempotency key. Consent is read again under the phone's consent lock, which an opt-out
 * takes too, so an opt-out recorded meanwhile wins.
 * A provider failure throws and the sweep retries later; the message is marked unconfirmed
 * first, so the compensation of earlier steps keeps it and its code.
 */
export const sendReminderStep = createStep(
  sendReminderStepId,
  async (input: SendReminderStepInput, { container }) => {
    const { message } = input
    const context = reviveReminderContext(input.context)
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    if (message.status === "sent" || message.status === "delivered") {
      return new StepResponse<SendReminderStepOutput>({ sent: true, message, blocked_reason: null })
    }
    const deliver = () =>
      deliverNotification(container, smsRecovery, context, message).catch(async (error: Error) => {
        // It may have reached Sinch: the message and its code stay, so the retry sends this
        // very text (link and code included) or finds it sent.
        await smsRecovery.updateMessages([
          { id: message.id, error_code: SEND_UNCONFIRMED, error_message: error.message.slice(0, 1000) },
        ])
        throw error
      })
    if (message.channel === "email") {
      // Email providers may return no id of their own (Medusa's local provider does not).
      const sent = await deliver().then(
        (externalId) => ({ externalId }),
        (error: Error) => {
          if (isNoProviderForChannel(error)) {
            return null
          }
          throw error
        }
      )
      if (!sent) {
        return new StepResponse<SendReminderStepOutput>({ sent: false, message, blocked_reason: "no_email_provider" })
      }
      return new StepResponse<SendReminderStepOutput>(await markSent(smsRecovery, message, sent.externalId, context.now))
    }
    const held = await withConsentLock(container, message.to, async () => {
      const status = await consentStatus(smsRecovery, message.to)
      return status === "opted_in" ? { sent: true as const, batchId: await deliver() } : { sent: false as const, status }
    })
    if (!held.sent) {
      return new StepResponse<SendReminderStepOutput>({
        sent: false,
        message,
        blocked_reason: held.status === "opted_out" ? "opted_out" : "no_consent",
      })
    }
    return new StepResponse<SendReminderStepOutput>(await markSent(smsRecovery, message, held.batchId, context.now))
  }
)

/**
 * The notification module's refusal when no provider serves the channel. It reaches callers
 * as a plain `Error` (the module aggregates per-notification errors), so only its text tells.
 */
function isNoProviderForChannel(error: Error): boolean {
  return /could not find a notification provider for channel/i.test(error.message)
}

async function consentStatus(smsRecovery: SmsRecoveryModuleService, phone: string) {
  const [consent] = await smsRecovery.listConsents({ phone }, { select: ["status"] })
  return consent?.status ?? "none"
}

async function deliverNotification(
  container: MedusaContainer,
  smsRecovery: SmsRecoveryModuleService,
  context: ReminderContext,
  message: MessageRow
): Promise<string | null> {
  const options = smsRecovery.getOptions()
  const notifications = container.resolve(Modules.NOTIFICATION)
  const isEmail = message.channel === "email"
  // Medusa cannot re-send a notification whose key failed before, so a retry goes out under
  // a key of its own; Sinch still sees the step's key, looked up first, so a first attempt
  // that did go out is never sent again.
  const attempt = context.recovery.send_attempts
  const notification = await notifications.createNotifications({
    to: message.to,
    channel: message.channel,
    template: isEmail ? "sms-recovery-reminder-email" : "sms-recovery-reminder",
    content: isEmail
      ? { subject: `${options.brandName}: your cart is waiting`, text: message.body ?? "" }
      : { text: message.body ?? "" },
    data: { cart_id: context.recovery.cart_id, recovery_id: context.recovery.id, body: message.body },
    idempotency_key: attempt ? `${message.idempotency_key}:retry:${attempt}` : message.idempotency_key,
    resource_type: "cart",
    resource_id: context.recovery.cart_id,
    trigger_type: "sms-cart-recovery",
    provider_data: isEmail
      ? undefined
      : {
          callback_url: webhookUrls(options).delivery,
          client_reference: message.idempotency_key,
          lookup_first: attempt > 0,
        },
  })
  if (notification) {
    return notification.external_id ?? null
  }
  // Medusa skips a key it already sent (the step re-run after a crash): use what was sent then.
  return alreadySentBatchId(container, message.idempotency_key)
}

async function alreadySentBatchId(container: MedusaContainer, key: string): Promise<string | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "notification",
    fields: ["external_id", "status"],
    filters: { idempotency_key: key },
  })
  return data[0]?.external_id ?? null
}

async function markSent(
  smsRecovery: SmsRecoveryModuleService,
  message: MessageRow,
  batchId: string | null,
  at: Date
): Promise<SendReminderStepOutput> {
  const updated = await smsRecovery.markMessageSent(message.id, batchId, at)
  return { sent: true, message: updated, blocked_reason: null }
}
