import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import { SEND_UNCONFIRMED } from "../../modules/sms_recovery/constants"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"
import type { MessageRow } from "../../modules/sms_recovery/types"
import { withConsentLock } from "../../utils/consent-lock"
import { handOverMessage } from "../utils/hand-over-message"
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
 * Sends the recorded message through Medusa's notification module (see `handOverMessage`:
 * each hand-over is counted on the message first, and every one after the first asks Sinch
 * before sending). Consent is read again under the phone's consent lock, which an opt-out
 * takes too, so an opt-out recorded meanwhile wins. An SMS is marked sent only with the batch
 * id Sinch returned or a lookup found.
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
      handOverMessage(container, smsRecovery, message, {
        cart_id: context.recovery.cart_id,
        recovery_id: context.recovery.id,
      }).catch(async (error: Error) => {
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

/** Includes an opt-out the webhook recorded and has not applied yet. */
function consentStatus(smsRecovery: SmsRecoveryModuleService, phone: string) {
  return smsRecovery.consentStatusForSend(phone)
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
