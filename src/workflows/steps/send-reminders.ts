import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import { SEND_UNCONFIRMED } from "../../modules/sms_recovery/constants"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"
import type { MessageRow } from "../../modules/sms_recovery/types"
import { withConsentLock } from "../../utils/consent-lock"
import { forEachConcurrently } from "../../utils/concurrency"
import { handOverMessage } from "../utils/hand-over-message"
import type { ReminderSend } from "../utils/reminder-page"
import { reviveReminderContext, type ReminderContext } from "../utils/reminder-types"

export type SendRemindersStepInput = {
  reminders: ReminderContext[]
  /** The reminders' recorded messages, in the same order. */
  messages: MessageRow[]
  /** Texts handed to the provider at once. */
  concurrency: number
}

export const sendRemindersStepId = "send-reminders"

/**
 * Sends each recorded message through Medusa's notification module (see `handOverMessage`:
 * each hand-over is counted on the message first, and every one after the first asks Sinch
 * before sending), a bounded number at once. Consent is read again under the number's consent
 * lock, which an opt-out takes too, so an opt-out recorded meanwhile wins. An SMS is marked
 * sent only with the batch id Sinch returned or a lookup found.
 *
 * A failed send fails only its own reminder: it is reported, not thrown, so the page's other
 * texts, sent or not, are never rolled back. A message whose send may have gone out is marked
 * unconfirmed and kept, with its link and code, for the retry that sends it or finds it sent.
 */
export const sendRemindersStep = createStep(
  sendRemindersStepId,
  async (input: SendRemindersStepInput, { container }) => {
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const sends: ReminderSend[] = new Array(input.reminders.length)
    await forEachConcurrently(input.reminders, input.concurrency, async (reminder, index) => {
      const context = reviveReminderContext(reminder)
      sends[index] = await sendOne(container, smsRecovery, context, input.messages[index])
    })
    return new StepResponse(sends)
  }
)

async function sendOne(
  container: MedusaContainer,
  smsRecovery: SmsRecoveryModuleService,
  context: ReminderContext,
  message: MessageRow
): Promise<ReminderSend> {
  const base = { recovery_id: context.recovery.id, cart_id: context.recovery.cart_id, message }
  if (message.status === "sent" || message.status === "delivered") {
    return { ...base, status: "sent", reason: null }
  }
  const deliver = () =>
    handOverMessage(container, smsRecovery, message, {
      cart_id: context.recovery.cart_id,
      recovery_id: context.recovery.id,
    })
  try {
    if (message.channel === "email") {
      const externalId = await deliver()
      return { ...base, status: "sent", message: await smsRecovery.markMessageSent(message.id, externalId, context.now), reason: null }
    }
    const held = await withConsentLock(container, message.to, async () => {
      // An opt-out the webhook recorded but has not applied yet counts already.
      const status = await smsRecovery.consentStatusForSend(message.to)
      return status === "opted_in" ? { batchId: await deliver() } : { refused: status }
    })
    if ("refused" in held) {
      return { ...base, status: "withheld", reason: held.refused === "opted_out" ? "opted_out" : "no_consent" }
    }
    return { ...base, status: "sent", message: await smsRecovery.markMessageSent(message.id, held.batchId, context.now), reason: null }
  } catch (error) {
    return failed(smsRecovery, container.resolve<Logger>(ContainerRegistrationKeys.LOGGER), base, error as Error)
  }
}

async function failed(
  smsRecovery: SmsRecoveryModuleService,
  logger: Logger,
  base: Omit<ReminderSend, "status" | "reason">,
  error: Error
): Promise<ReminderSend> {
  if (base.message.channel === "email" && isNoProviderForChannel(error)) {
    return { ...base, status: "withheld", reason: "no_email_provider" }
  }
  logger.warn(`SMS recovery ${base.recovery_id} step ${base.message.step_position} failed, retried later: ${error.message}`)
  // It may have reached the provider: the message and its code stay, so the retry sends this
  // very text (link and code included) or finds it sent.
  const [message] = await smsRecovery.updateMessages([
    { id: base.message.id, error_code: SEND_UNCONFIRMED, error_message: error.message.slice(0, 1000) },
  ])
  return { ...base, message: { ...base.message, ...message }, status: "failed", reason: error.message }
}

/**
 * The notification module's refusal when no provider serves the channel. It reaches callers
 * as a plain `Error` (the module aggregates per-notification errors), so only its text tells.
 */
function isNoProviderForChannel(error: Error): boolean {
  return /could not find a notification provider for channel/i.test(error.message)
}
