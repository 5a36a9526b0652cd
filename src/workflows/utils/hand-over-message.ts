import type { MedusaContainer } from "@medusajs/framework/types"
import {
  ContainerRegistrationKeys,
  MedusaError,
  Modules,
  NotificationStatus,
} from "@medusajs/framework/utils"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"
import type { MessageRow } from "../../modules/sms_recovery/types"
import { webhookUrls } from "../../modules/sms_recovery/webhook-urls"
import { earlierAttemptKeys, sendAttemptKey } from "./reminder-key"

export type HandOverRequest = {
  cart_id: string
  recovery_id: string
  /**
   * Only ask Sinch for the batch under the message's key, never send: settles a text whose
   * fate was never recorded. Fails when Sinch has none.
   */
  lookup_only?: boolean
}

/**
 * The notification module's generated update method, which its public interface type leaves
 * out; it is the only typed way to settle a row the module never finished.
 */
type NotificationStatusWriter = {
  updateNotifications(data: { id: string; status: NotificationStatus }[]): Promise<unknown>
}

/** Attempts whose key turns out to be taken before the hand-over gives up. */
const MAX_TAKEN_KEYS = 5

/**
 * Hands a recorded message to Medusa's notification module and returns the provider's id
 * (the Sinch batch id; an email provider may have none).
 *
 * Each hand-over is counted on the message before it happens and goes out under that
 * attempt's key. Sinch always sees the message's own key as the batch's reference, and every
 * attempt after the first looks it up before sending, so a text an earlier attempt (or a
 * worker that died mid-send) handed over is found, not sent again. A key that already has a
 * notification (left by a dead worker or an earlier version) makes Medusa skip the send and
 * return nothing: that is never taken for "sent", the next attempt's key is used instead.
 * Notifications of earlier attempts still `pending` are settled as `failure`, since the
 * latest attempt carries the outcome.
 */
export async function handOverMessage(
  container: MedusaContainer,
  smsRecovery: SmsRecoveryModuleService,
  message: MessageRow,
  request: HandOverRequest
): Promise<string | null> {
  const notifications = container.resolve(Modules.NOTIFICATION)
  for (let taken = 0; taken < MAX_TAKEN_KEYS; taken++) {
    const attempt = await smsRecovery.startMessageSend(message.id)
    try {
      const notification = await notifications.createNotifications(
        notificationFor(smsRecovery, message, request, attempt)
      )
      if (notification) {
        return notification.external_id ?? null
      }
    } finally {
      await settleEarlierAttempts(container, message.idempotency_key, attempt)
    }
  }
  throw new MedusaError(
    MedusaError.Types.UNEXPECTED_STATE,
    `Message ${message.id} was not handed over: its next ${MAX_TAKEN_KEYS} notification keys are all taken`
  )
}

function notificationFor(
  smsRecovery: SmsRecoveryModuleService,
  message: MessageRow,
  request: HandOverRequest,
  attempt: number
) {
  const options = smsRecovery.getOptions()
  const isEmail = message.channel === "email"
  return {
    to: message.to,
    channel: message.channel,
    template: isEmail ? "sms-recovery-reminder-email" : "sms-recovery-reminder",
    content: isEmail
      ? { subject: `${options.brandName}: your cart is waiting`, text: message.body ?? "" }
      : { text: message.body ?? "" },
    data: { cart_id: request.cart_id, recovery_id: request.recovery_id, body: message.body },
    idempotency_key: sendAttemptKey(message.idempotency_key, attempt),
    resource_type: "cart",
    resource_id: request.cart_id,
    trigger_type: "sms-cart-recovery",
    provider_data: isEmail
      ? undefined
      : {
          callback_url: webhookUrls(options).delivery,
          client_reference: message.idempotency_key,
          lookup_first: attempt > 1,
          lookup_only: request.lookup_only === true,
        },
  }
}

async function settleEarlierAttempts(container: MedusaContainer, messageKey: string, attempt: number) {
  const keys = earlierAttemptKeys(messageKey, attempt)
  if (!keys.length) {
    return
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: pending } = await query.graph({
    entity: "notification",
    fields: ["id"],
    filters: { idempotency_key: keys, status: NotificationStatus.PENDING },
  })
  if (pending.length) {
    const notifications = container.resolve(Modules.NOTIFICATION)
    await (notifications as unknown as NotificationStatusWriter).updateNotifications(
      pending.map(({ id }: { id: string }) => ({ id, status: NotificationStatus.FAILURE }))
    )
  }
}
