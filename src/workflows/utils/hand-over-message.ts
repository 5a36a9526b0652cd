import type { MedusaContainer } from "@medusajs/framework/types"
import {
  ContainerRegistrationKeys,
  MedusaError,
  Modules,
  NotificationStatus,
} from "@medusajs/framework/utils"
import { REMINDER_TRIGGER } from "../../lib/text-triggers"
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

/** A recorded message to hand over, with what its notification carries. */
export type HandOver = HandOverRequest & { message: MessageRow }

/** What came of a hand-over: the provider's id (the Sinch batch id; an email provider may have none), or why not. */
export type HandOverResult = { external_id: string | null } | { error: Error }

type AttemptResult = HandOverResult | { taken: true }

/**
 * Hands recorded messages to Medusa's notification module together, in one call that sends
 * them at once, and returns what came of each, in order. One failing never fails the others.
 *
 * Each hand-over is counted on its message before it happens and goes out under that
 * attempt's key. Sinch always sees the message's own key as the batch's reference, and every
 * attempt after the first looks it up before sending, so a text an earlier attempt (or a
 * worker that died mid-send) handed over is found, not sent again. A key that already has a
 * notification (left by a dead worker or an earlier version) makes Medusa skip the send and
 * return nothing: that is never taken for "sent", the next attempt's key is used instead.
 * Notifications of earlier attempts still `pending` are settled as `failure`, since the
 * latest attempt carries the outcome.
 */
export async function handOverMessages(
  container: MedusaContainer,
  smsRecovery: SmsRecoveryModuleService,
  handOvers: HandOver[]
): Promise<HandOverResult[]> {
  const results: HandOverResult[] = new Array(handOvers.length)
  let open = handOvers.map((_, index) => index)
  for (let taken = 0; taken < MAX_TAKEN_KEYS && open.length; taken++) {
    const attempts = await handOverOnce(container, smsRecovery, open.map((index) => handOvers[index]))
    const stillOpen: number[] = []
    open.forEach((index, position) => {
      const attempt = attempts[position]
      if ("taken" in attempt) {
        stillOpen.push(index)
      } else {
        results[index] = attempt
      }
    })
    open = stillOpen
  }
  for (const index of open) {
    results[index] = {
      error: new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        `Message ${handOvers[index].message.id} was not handed over: its next ${MAX_TAKEN_KEYS} notification keys are all taken`
      ),
    }
  }
  return results
}

/** `handOverMessages` for one message: returns the provider's id, or throws why not. */
export async function handOverMessage(
  container: MedusaContainer,
  smsRecovery: SmsRecoveryModuleService,
  message: MessageRow,
  request: HandOverRequest
): Promise<string | null> {
  const [result] = await handOverMessages(container, smsRecovery, [{ ...request, message }])
  if ("error" in result) {
    throw result.error
  }
  return result.external_id
}

async function handOverOnce(
  container: MedusaContainer,
  smsRecovery: SmsRecoveryModuleService,
  handOvers: HandOver[]
): Promise<AttemptResult[]> {
  const attempts = await smsRecovery.startMessageSends(handOvers.map(({ message }) => message.id))
  const keyed = handOvers.map((handOver) => {
    const attempt = attempts.get(handOver.message.id)
    return attempt ? { handOver, attempt, key: sendAttemptKey(handOver.message.idempotency_key, attempt) } : null
  })
  const sending = keyed.filter((entry) => entry !== null)
  const notifications = container.resolve(Modules.NOTIFICATION)
  let created: { idempotency_key?: string | null; external_id?: string | null }[] = []
  let failure: Error | null = null
  try {
    if (sending.length) {
      created = await notifications.createNotifications(
        sending.map(({ handOver, attempt }) => notificationFor(smsRecovery, handOver.message, handOver, attempt))
      )
    }
  } catch (error) {
    failure = error as Error
  } finally {
    await settleEarlierAttempts(
      container,
      sending.flatMap(({ handOver, attempt }) => earlierAttemptKeys(handOver.message.idempotency_key, attempt))
    )
  }
  const recorded = failure ? await notificationsByKey(container, sending.map(({ key }) => key)) : new Map()
  const createdByKey = new Map(created.map((notification) => [notification.idempotency_key, notification]))
  return keyed.map((entry, index): AttemptResult => {
    if (!entry) {
      return { error: new MedusaError(MedusaError.Types.NOT_FOUND, `Message ${handOvers[index].message.id} was not found`) }
    }
    if (!failure) {
      const notification = createdByKey.get(entry.key)
      return notification ? { external_id: notification.external_id ?? null } : { taken: true }
    }
    // The call failed for some: each notification's own row says whether it went out. One
    // left pending (or never written) may have gone out; its retry looks it up first.
    const row = recorded.get(entry.key)
    if (row?.status === NotificationStatus.SUCCESS) {
      return { external_id: row.external_id ?? null }
    }
    return { error: new Error((row && notificationFailures(failure.message).get(row.id)) ?? failure.message) }
  })
}

/**
 * The notification module reports the failed sends of one call as one error whose message
 * joins each one's `Failed to send notification with id <id>:` and the provider's message.
 * Returns each failed notification's own message by its id.
 */
export function notificationFailures(message: string): Map<string, string> {
  const failures = new Map<string, string>()
  for (const part of message.split(/(?=Failed to send notification with id )/)) {
    const match = /^Failed to send notification with id (\S+?):\s*([\s\S]*)$/.exec(part)
    if (match) {
      failures.set(match[1], match[2].trim() || part.trim())
    }
  }
  return failures
}

type NotificationRow = { id: string; idempotency_key: string; status: NotificationStatus; external_id: string | null }

async function notificationsByKey(container: MedusaContainer, keys: string[]): Promise<Map<string, NotificationRow>> {
  if (!keys.length) {
    return new Map()
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "notification",
    fields: ["id", "idempotency_key", "status", "external_id"],
    filters: { idempotency_key: keys },
  })
  return new Map((data as NotificationRow[]).map((row) => [row.idempotency_key, row]))
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
    trigger_type: REMINDER_TRIGGER,
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

async function settleEarlierAttempts(container: MedusaContainer, keys: string[]) {
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
