import {
  createWorkflow,
  transform,
  when,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, emitEventStep, releaseLockStep } from "@medusajs/medusa/core-flows"
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
import { SmsRecoveryEvents } from "../modules/sms_recovery/events"
import { CONSENT_LOCK_SECONDS, consentLockKey } from "../utils/consent-lock"
import { endRecoveriesForPhoneStep } from "./steps/end-recoveries-for-phone"
import { getConsentPolicyStep } from "./steps/get-consent-policy"
import { recordHelpRequestStep } from "./steps/record-help-request"
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
   * `stop`, `start` or `help`; null for a text that is not a keyword (recorded in the log and
   * otherwise ignored).
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
 * - anything else changes nothing.
 *
 * Sinch retries a callback until it gets a 2xx: a message is recorded once (by its id) and
 * each reply is sent once (its idempotency key is derived from the id), so a STOP delivered
 * three times sends one confirmation. Every status change emits `sms_recovery.consent_changed`.
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
 * Apply a STOP, START, YES or HELP texted by a shopper.
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

    const result = transform(
      { classification, optOut, optIn, help },
      ({ classification, optOut, optIn, help }): HandleInboundMessageWorkflowOutput => {
        const consent = optOut ?? optIn
        return {
          keyword: classification.keyword,
          matched: classification.matched ?? null,
          status: consent?.status ?? null,
          changed: consent?.changed ?? false,
          duplicate: consent?.duplicate ?? false,
          reply_sent: consent?.reply_sent ?? help?.sent ?? false,
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
