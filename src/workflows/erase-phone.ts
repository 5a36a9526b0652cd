import {
  createWorkflow,
  transform,
  when,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  acquireLockStep,
  emitEventStep,
  releaseLockStep,
} from "@medusajs/medusa/core-flows"
import { maskPhone } from "../lib/phone"
import { SmsRecoveryEvents } from "../modules/sms_recovery/events"
import { applyPhoneCallbacksStep } from "./steps/apply-phone-callbacks"
import { deletePhoneNotificationsStep } from "./steps/delete-phone-notifications"
import { erasePhoneRecordsStep } from "./steps/erase-phone-records"
import { consentLockKey } from "../utils/consent-lock"

/**
 * The number to erase.
 */
export type ErasePhoneWorkflowInput = {
  /**
   * The number, in E.164.
   */
  phone: string
}

/**
 * What the erase replaced.
 */
export type ErasePhoneWorkflowOutput = {
  /**
   * What now stands where the number was: `hash:` and the hex HMAC-SHA256 of the number under
   * the plugin's `linkSecret`.
   */
  phone_hash: string
  /**
   * Rows in which the number was replaced: consents, ledger events, recoveries, messages.
   */
  consents: number
  events: number
  recoveries: number
  messages: number
  /**
   * The number's replies (its texts that were no keyword), deleted.
   */
  replies: number
  /**
   * Rows deleted because they held the number: recorded Sinch callbacks (its texts, reports
   * naming it) and the Medusa notifications of the texts the plugin sent it.
   */
  callbacks: number
  notifications: number
}

export const erasePhoneWorkflowId = "erase-sms-phone"
/**
 * This workflow erases a phone number from the plugin's data (GDPR Art. 17):
 * - first, the number's STOPs and delivery reports that Sinch posted but were not applied yet
 *   are applied, so an opt-out is honoured and confirmed as it would have been;
 * - then, in one transaction, the number is replaced by a keyed hash in consents, the consent
 *   ledger, recoveries and messages; message texts are cleared; the ledger's IPs, user agents
 *   and raw inbound texts are cleared; open recoveries are ended; an `erased` event is added;
 *   the number's replies and the recorded Sinch callbacks holding it are deleted. The consent
 *   is kept as an `opted_out` suppression entry under the hash, so a later checkout with the
 *   same number cannot opt it back in;
 * - last, the notifications the plugin created in Medusa's notification module to text the
 *   number (reminders, compliance texts, test texts), and the admin feed entries quoting its
 *   replies, are deleted through that module.
 *
 * The store's own records (carts, orders, customers and their addresses) are not touched:
 * erase the number there with Medusa's tools.
 *
 * It's used by the `POST /admin/sms-recovery/consents/erase` route.
 *
 * @example
 * const { result } = await erasePhoneWorkflow(container)
 * .run({
 *   input: {
 *     phone: "+14155550123",
 *   }
 * })
 * // result: { phone_hash: "hash:3f…", consents: 1, events: 3, recoveries: 1, messages: 1,
 * //   replies: 0, callbacks: 0, notifications: 3 }
 *
 * @summary
 *
 * Erase a phone number from the plugin's data, keeping its opt-out.
 */
export const erasePhoneWorkflow = createWorkflow(
  erasePhoneWorkflowId,
  (input: WorkflowData<ErasePhoneWorkflowInput>) => {
    applyPhoneCallbacksStep({ phone: input.phone })

    const lockKey = transform({ input }, ({ input }) => consentLockKey(input.phone))
    acquireLockStep({ key: lockKey, timeout: 5, ttl: 30 })

    const erasedAt = transform({ input }, () => new Date())
    const erased = erasePhoneRecordsStep({ phone: input.phone, erased_at: erasedAt })
    const deleted = deletePhoneNotificationsStep({ phone: input.phone, reply_ids: erased.reply_ids })

    when(
      "consent-changed",
      { erased },
      ({ erased }) => erased.previous_status !== null && erased.previous_status !== "opted_out"
    ).then(() => {
      const data = transform({ input, erased }, ({ input, erased }) => ({
        id: erased.consent_id,
        phone: maskPhone(input.phone),
        status: "opted_out",
        channel: "admin",
      }))
      emitEventStep({ eventName: SmsRecoveryEvents.CONSENT_CHANGED, data }).config({
        name: "emit-consent-changed",
      })
    })

    releaseLockStep({ key: lockKey })

    const result = transform({ erased, deleted }, ({ erased, deleted }): ErasePhoneWorkflowOutput => ({
      phone_hash: erased.phone_hash,
      consents: erased.consents,
      events: erased.events,
      recoveries: erased.recoveries,
      messages: erased.messages,
      replies: erased.reply_ids.length,
      callbacks: erased.callbacks,
      notifications: deleted.notifications,
    }))
    return new WorkflowResponse(result)
  }
)
