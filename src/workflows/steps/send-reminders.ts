import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import { SEND_UNCONFIRMED } from "../../modules/sms_recovery/constants"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"
import type { MessageRow } from "../../modules/sms_recovery/types"
import { withConsentLocks } from "../../utils/consent-lock"
import { handOverMessages, type HandOverResult } from "../utils/hand-over-message"
import { NUMBER_BUSY, type ReminderSend, type ReminderText } from "../utils/reminder-page"

export type SendRemindersStepInput = {
  /** The built-in reminders' recorded messages, in the plan's order. */
  texts: ReminderText[]
  /** The time the page is decided by: what a text is marked sent at. */
  now: Date
  /** Texts handed to the provider at once. */
  concurrency: number
}

export const sendRemindersStepId = "send-reminders"

/**
 * Sends the recorded messages through Medusa's notification module, a group at a time: each
 * group is handed over in one call that sends its texts at once (see `handOverMessages`: each
 * hand-over is counted on its message first, and every one after the first asks Sinch before
 * sending). An SMS group holds its numbers' consent locks, which an opt-out takes too, and
 * reads their consent again under them, so an opt-out recorded meanwhile wins. A text whose
 * number's lock stays taken is deferred, its message kept unsent for a sweep soon after. An
 * SMS is marked sent only with the batch id Sinch returned or a lookup found.
 *
 * A failed send fails only its own reminder: it is reported, not thrown, so the page's other
 * texts, sent or not, are never rolled back. A message whose send may have gone out is marked
 * unconfirmed and kept, with its link and code, for the retry that sends it or finds it sent.
 */
export const sendRemindersStep = createStep(
  sendRemindersStepId,
  async (input: SendRemindersStepInput, { container }) => {
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
    const now = new Date(input.now)
    const texts = input.texts
    const sends: ReminderSend[] = new Array(texts.length)
    const unsent: number[] = []
    texts.forEach((text, index) => {
      if (text.message.status === "sent" || text.message.status === "delivered") {
        sends[index] = { ...sendBase(text), status: "sent", reason: null }
      } else {
        unsent.push(index)
      }
    })
    const groupSize = Math.max(1, Math.floor(input.concurrency))
    for (let start = 0; start < unsent.length; start += groupSize) {
      const group = unsent.slice(start, start + groupSize)
      const members = group.map((index) => texts[index])
      // A group-wide failure (the consent read, the sent-mark) fails only this
      // group's reminders, each kept unconfirmed so its retry looks the text up before sending.
      const results = await sendGroup(container, smsRecovery, logger, members, now).catch((error: Error) =>
        Promise.all(members.map((text) => failed(smsRecovery, logger, sendBase(text), error)))
      )
      group.forEach((index, position) => (sends[index] = results[position]))
    }
    return new StepResponse(sends)
  }
)

function sendBase({ cart_id, message }: ReminderText): Omit<ReminderSend, "status" | "reason"> {
  return { recovery_id: message.recovery_id, cart_id, message }
}

async function sendGroup(
  container: MedusaContainer,
  smsRecovery: SmsRecoveryModuleService,
  logger: Logger,
  group: ReminderText[],
  now: Date
): Promise<ReminderSend[]> {
  const phones = group.filter(({ message }) => message.channel === "sms").map(({ message }) => message.to)
  const { consents, handedOver, busy } = await withConsentLocks(container, phones, async (locked) => {
    const lockedPhones = phones.filter((phone) => locked.has(phone))
    // An opt-out the webhook recorded but has not applied yet counts already.
    const consents = await smsRecovery.consentStatusesForSend(lockedPhones)
    const allowed = group.filter(
      ({ message }) => message.channel !== "sms" || (locked.has(message.to) && consents.get(message.to) === "opted_in")
    )
    const results = await handOverMessages(
      container,
      smsRecovery,
      allowed.map(({ cart_id, message }) => ({ message, cart_id, recovery_id: message.recovery_id }))
    )
    const handedOver = new Map(allowed.map(({ message }, index) => [message.id, results[index]]))
    return { consents, handedOver, busy: new Set(phones.filter((phone) => !locked.has(phone))) }
  })

  const delivered = group.flatMap(({ message }) => {
    const result = handedOver.get(message.id)
    return result && "external_id" in result ? [{ id: message.id, batch_id: result.external_id }] : []
  })
  const marked = new Map((await smsRecovery.markMessagesSent(delivered, now)).map((row) => [row.id, row]))

  return Promise.all(
    group.map(async (reminder): Promise<ReminderSend> => {
      const base = sendBase(reminder)
      const result: HandOverResult | undefined = handedOver.get(reminder.message.id)
      if (!result && reminder.message.channel === "sms" && busy.has(reminder.message.to)) {
        return { ...base, status: "deferred", reason: NUMBER_BUSY }
      }
      if (!result) {
        const status = consents.get(reminder.message.to)
        return { ...base, status: "withheld", reason: status === "opted_out" ? "opted_out" : "no_consent" }
      }
      if ("error" in result) {
        return failed(smsRecovery, logger, base, result.error)
      }
      const message = marked.get(reminder.message.id)
      if (!message) {
        return failed(
          smsRecovery,
          logger,
          base,
          new Error(`Message ${reminder.message.id} was not marked sent: an SMS is sent only with the Sinch batch id that proves it`)
        )
      }
      return { ...base, status: "sent", message, reason: null }
    })
  )
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
