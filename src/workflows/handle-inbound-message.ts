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
  useQueryGraphStep,
} from "@medusajs/medusa/core-flows"
import { messagesPerCart, type ConsentStatus } from "../lib/consent-status"
import {
  helpText,
  optInConfirmationText,
  optOutConfirmationText,
  type ConsentTextContext,
} from "../lib/consent-text"
import {
  classifyInbound,
  confirmsPendingConsent,
  type InboundKeyword,
  type MatchedKeyword,
} from "../lib/keywords"
import { maskPhone } from "../lib/phone"
import { isConversationalReply, replyFeedNotification, replySenderName } from "../lib/reply-notification"
import { SmsRecoveryEvents } from "../modules/sms_recovery/events"
import { CONSENT_LOCK_SECONDS, consentLockKey } from "../utils/consent-lock"
import { endRecoveriesForPhoneStep } from "./steps/end-recoveries-for-phone"
import { getConsentPolicyStep } from "./steps/get-consent-policy"
import { postReplyToFeedStep } from "./steps/post-reply-to-feed"
import { recordHelpRequestStep } from "./steps/record-help-request"
import { recordReplyStep } from "./steps/record-reply"
import { resumeRecoveriesAwaitingConsentStep } from "./steps/resume-recoveries-awaiting-consent"
import { sendConsentTextStep } from "./steps/send-consent-text"
import { setConsentByKeywordStep } from "./steps/set-consent-by-keyword"

/**
 * A text a shopper sent to the store's number (a Sinch `mo_text`).
 */
export type HandleInboundMessageWorkflowInput = {
  /**
   * Sinch's id of the inbound message; Sinch retries a callback with the same id.
   */
  id: string
  /**
   * The sender, in E.164.
   */
  from: string
  /**
   * The sender's country, when its numbering plan tells it.
   */
  country?: string | null
  /**
   * The store's number or short code the text was sent to.
   */
  to: string
  /**
   * The text as received.
   */
  body: string
  /**
   * When Sinch received it. Defaults to now.
   */
  received_at?: Date
}

/**
 * What the text did.
 */
export type HandleInboundMessageWorkflowOutput = {
  /**
   * `stop`, `start` or `help`; null for a text that is not a keyword (stored as a reply).
   */
  keyword: InboundKeyword | null
  /**
   * The keyword as recognised, e.g. `STOP`, `OPT OUT`, `YES`.
   */
  matched: MatchedKeyword | null
  /**
   * The number's consent status afterwards; null when the text changed no consent.
   */
  status: ConsentStatus | null
  /**
   * Whether the consent's status changed.
   */
  changed: boolean
  /**
   * Whether Sinch had delivered this message before (a retry): nothing was changed again.
   */
  duplicate: boolean
  /**
   * Whether this run sent the reply (a retry finds it already sent).
   */
  reply_sent: boolean
  /**
   * The shopper's text as stored for the admin (`sms_reply`), when it is not a keyword; null
   * for a keyword or a blank text.
   */
  reply_id: string | null
}

export const handleInboundMessageWorkflowId = "handle-sms-inbound-message"
/**
 * This workflow handles a text a shopper sends to the store's number:
 * - STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPT OUT, OPTOUT (also as the first
 *   word, "Stop texting me"): the consent becomes `opted_out` at once (a number never seen is
 *   kept as an opted-out suppression entry), every open recovery of the number is ended, and
 *   one confirmation is sent;
 * - START, UNSTOP: the consent becomes `opted_in`, with a confirmation; YES and Y do the same
 *   and, for a `pending` consent, record the double opt-in confirmation;
 * - HELP, INFO: the help text (brand, frequency, rates, support contact, STOP) is sent;
 * - anything else is a reply for a person to read: it changes no consent, is stored with the
 *   recovery, cart and customer of the last reminder the number got (`GET
 *   /admin/sms-recovery/replies`), is posted to the Medusa admin's notification feed
 *   ("Ana replied to a cart reminder") and emits `sms_recovery.reply_received`.
 *
 * Sinch retries a callback until it gets a 2xx: a message is recorded once (by its id) and
 * each reply is sent once (its idempotency key is derived from the id), so a STOP delivered
 * three times sends one confirmation, and a shopper's reply delivered three times is stored
 * and posted once. Every status change emits `sms_recovery.consent_changed`.
 *
 * It's used by the `POST /webhooks/sinch/inbound` route.
 *
 * @example
 * const { result } = await handleInboundMessageWorkflow(container)
 * .run({
 *   input: {
 *     id: "01JHFFHWYY7HSS4FWTMDTQEK8V",
 *     from: "+14155550123",
 *     to: "12025550100",
 *     body: "STOP",
 *   }
 * })
 * // result: { keyword: "stop", matched: "STOP", status: "opted_out", changed: true, … }
 *
 * @summary
 *
 * Apply a STOP, START, YES or HELP texted by a shopper, or keep any other text as a reply.
 */
export const handleInboundMessageWorkflow = createWorkflow(
  handleInboundMessageWorkflowId,
  (input: WorkflowData<HandleInboundMessageWorkflowInput>) => {
    const receivedAt = transform({ input }, ({ input }) => input.received_at ?? new Date())
    const classification = transform({ input }, ({ input }) => classifyInbound(input.body))
    const policy = getConsentPolicyStep()
    const texts = transform({ input, policy }, ({ input, policy }): ConsentTextContext => ({
      brand: policy.brand,
      messagesPerCart: messagesPerCart(input.country, policy.sms_steps),
      supportContact: policy.support_contact ?? undefined,
      termsUrl: policy.terms_url ?? undefined,
    }))
    const keywordInput = transform(
      { input, classification, receivedAt },
      ({ input, classification, receivedAt }) => ({
        phone: input.from,
        country: input.country ?? null,
        confirms_pending: confirmsPendingConsent(classification),
        inbound_text: input.body,
        inbound_message_id: input.id,
        occurred_at: receivedAt,
      })
    )
    // Taken by the sweep around each send too: a STOP waits for a text in flight to that
    // number, and no text leaves after the opt-out is recorded.
    const lockKey = transform({ input }, ({ input }) => consentLockKey(input.from))
    acquireLockStep({ key: lockKey, timeout: CONSENT_LOCK_SECONDS, ttl: CONSENT_LOCK_SECONDS })

    const reply = transform({ input }, ({ input }) => ({
      to: input.from,
      idempotency_key: `sms-recovery:mo:${input.id}:reply`,
    }))

    const optOut = when("is-stop", { classification }, ({ classification }) => classification.keyword === "stop").then(
      () => {
        const consent = setConsentByKeywordStep(
          transform({ keywordInput }, ({ keywordInput }) => ({ ...keywordInput, action: "opt_out" as const }))
        ).config({ name: "record-opt-out" })
        endRecoveriesForPhoneStep({ phone: input.from, reason: "stop_keyword", at: receivedAt })
        const sent = sendConsentTextStep(
          transform({ reply, texts }, ({ reply, texts }) => ({
            ...reply,
            template: "sms-recovery-opt-out",
            text: optOutConfirmationText(texts.brand),
          }))
        ).config({ name: "send-opt-out-confirmation" })
        return transform({ consent, sent }, ({ consent, sent }) => ({ ...consent, reply_sent: sent.sent }))
      }
    )

    const optIn = when("is-start", { classification }, ({ classification }) => classification.keyword === "start").then(
      () => {
        const consent = setConsentByKeywordStep(
          transform({ keywordInput }, ({ keywordInput }) => ({ ...keywordInput, action: "opt_in" as const }))
        ).config({ name: "record-opt-in" })
        resumeRecoveriesAwaitingConsentStep({ phone: input.from, at: receivedAt })
        const sent = sendConsentTextStep(
          transform({ reply, texts }, ({ reply, texts }) => ({
            ...reply,
            template: "sms-recovery-opt-in",
            text: optInConfirmationText(texts),
          }))
        ).config({ name: "send-opt-in-confirmation" })
        return transform({ consent, sent }, ({ consent, sent }) => ({ ...consent, reply_sent: sent.sent }))
      }
    )

    const help = when("is-help", { classification }, ({ classification }) => classification.keyword === "help").then(
      () => {
        recordHelpRequestStep(
          transform({ keywordInput }, ({ keywordInput }) => ({
            phone: keywordInput.phone,
            inbound_text: keywordInput.inbound_text,
            inbound_message_id: keywordInput.inbound_message_id,
            occurred_at: keywordInput.occurred_at,
          }))
        )
        return sendConsentTextStep(
          transform({ reply, texts }, ({ reply, texts }) => ({
            ...reply,
            template: "sms-recovery-help",
            text: helpText(texts),
          }))
        ).config({ name: "send-help-text" })
      }
    )

    releaseLockStep({ key: lockKey })

    // A reply needs no consent lock: it changes no consent and sends nothing.
    const inboundReply = when("is-reply", { input, classification }, ({ input, classification }) =>
      isConversationalReply(input.body, classification.keyword)
    ).then(() =>
      recordReplyStep(
        transform({ input, receivedAt }, ({ input, receivedAt }) => ({
          phone: input.from,
          body: input.body,
          received_at: receivedAt,
          inbound_message_id: input.id,
        }))
      )
    )
    const replyCart = when(
      "reply-has-cart",
      { inboundReply },
      ({ inboundReply }) => !!inboundReply?.reply.cart_id
    ).then(() =>
      useQueryGraphStep({
        entity: "cart",
        fields: ["id", "shipping_address.first_name", "billing_address.first_name", "customer.first_name"],
        filters: { id: inboundReply!.reply.cart_id as string },
      }).config({ name: "get-reply-cart" })
    )
    const replyCustomer = when(
      "reply-needs-customer",
      { inboundReply, replyCart },
      ({ inboundReply, replyCart }) => !!inboundReply?.reply.customer_id && !replyCart?.data[0]?.customer?.first_name
    ).then(() =>
      useQueryGraphStep({
        entity: "customer",
        fields: ["id", "first_name"],
        filters: { id: inboundReply!.reply.customer_id as string },
      }).config({ name: "get-reply-customer" })
    )
    when("is-stored-reply", { inboundReply }, ({ inboundReply }) => !!inboundReply).then(() => {
      const entry = transform(
        { inboundReply, replyCart, replyCustomer },
        ({ inboundReply, replyCart, replyCustomer }) => {
          const stored = inboundReply!.reply
          const cart = replyCart?.data[0]
          const notification = replyFeedNotification({
            first_name: replySenderName(
              cart?.shipping_address?.first_name,
              cart?.billing_address?.first_name,
              cart?.customer?.first_name,
              replyCustomer?.data[0]?.first_name
            ),
            phone: stored.phone,
            body: stored.body,
            answers_reminder: stored.recovery_id !== null,
          })
          return {
            ...notification,
            reply_id: stored.id,
            inbound_message_id: stored.inbound_message_id,
            recovery_id: stored.recovery_id,
            cart_id: stored.cart_id,
          }
        }
      )
      postReplyToFeedStep(entry)
    })
    when("reply-created", { inboundReply }, ({ inboundReply }) => !!inboundReply?.created).then(() => {
      const data = transform({ inboundReply }, ({ inboundReply }) => ({
        id: inboundReply!.reply.id,
        recovery_id: inboundReply!.reply.recovery_id,
        cart_id: inboundReply!.reply.cart_id,
        customer_id: inboundReply!.reply.customer_id,
      }))
      emitEventStep({ eventName: SmsRecoveryEvents.REPLY_RECEIVED, data }).config({
        name: "emit-reply-received",
      })
    })

    const result = transform(
      { classification, optOut, optIn, help, inboundReply },
      ({ classification, optOut, optIn, help, inboundReply }): HandleInboundMessageWorkflowOutput => {
        const consent = optOut ?? optIn
        return {
          keyword: classification.keyword,
          matched: classification.matched ?? null,
          status: consent?.status ?? null,
          changed: consent?.changed ?? false,
          duplicate: consent?.duplicate ?? false,
          reply_sent: consent?.reply_sent ?? help?.sent ?? false,
          reply_id: inboundReply?.reply.id ?? null,
        }
      }
    )

    when("consent-changed", { result }, ({ result }) => result.changed).then(() => {
      const data = transform({ input, result, optOut, optIn }, ({ input, result, optOut, optIn }) => ({
        id: (optOut ?? optIn)!.consent_id,
        phone: maskPhone(input.from),
        status: result.status,
        channel: "keyword",
      }))
      emitEventStep({ eventName: SmsRecoveryEvents.CONSENT_CHANGED, data }).config({
        name: "emit-consent-changed",
      })
    })

    return new WorkflowResponse(result)
  }
)
