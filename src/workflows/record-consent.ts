import {
  createHook,
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
import {
  decideCheckoutConsent,
  messagesPerCart,
  requiresDoubleOptIn,
  type ConsentStatus,
} from "../lib/consent-status"
import { CART_PHONE_FIELDS, CUSTOMER_PHONE_FIELDS } from "../lib/consent-owner"
import type { ConfirmationWithheld } from "../lib/confirmation-gate"
import { consentTextHash, doubleOptInText } from "../lib/consent-text"
import { maskPhone } from "../lib/phone"
import { SmsRecoveryEvents } from "../modules/sms_recovery/events"
import { findConsentStep } from "./steps/find-consent"
import { alertConfirmationCeilingStep } from "./steps/alert-confirmation-ceiling"
import { getConsentPolicyStep } from "./steps/get-consent-policy"
import { recordCheckoutConsentStep } from "./steps/record-checkout-consent"
import { releaseConfirmationTextStep } from "./steps/release-confirmation-text"
import { reserveConfirmationTextStep } from "./steps/reserve-confirmation-text"
import { resumeRecoveriesAwaitingConsentStep } from "./steps/resume-recoveries-awaiting-consent"
import { sendConsentTextStep } from "./steps/send-consent-text"
import { validateConsentPhoneStep } from "./steps/validate-consent-phone"
import { consentLockKey } from "../utils/consent-lock"

/**
 * A shopper's consent to cart-reminder texts, as given at checkout.
 */
export type RecordConsentWorkflowInput = {
  /**
   * The number, in E.164 (`+14155550123`).
   */
  phone: string
  /**
   * The number's country (ISO 3166-1 alpha-2), when its numbering plan tells it.
   */
  country?: string | null
  /**
   * The cart the shopper consented on; the number must be on its shipping or billing address
   * unless it is the signed-in customer's own.
   */
  cart_id?: string | null
  /**
   * The signed-in customer, if any.
   */
  customer_id?: string | null
  /**
   * The exact consent wording the shopper was shown.
   */
  consent_text: string
  /**
   * The storefront's version label of that wording.
   */
  consent_text_version?: string | null
  /**
   * The page the shopper consented on.
   */
  source_url?: string | null
  /**
   * The shopper's locale, e.g. `en-US`.
   */
  locale?: string | null
  /**
   * The shopper's IP address and user agent, for the ledger.
   */
  ip?: string | null
  user_agent?: string | null
  /**
   * The headers of the storefront's request, credentials (`authorization`, `cookie`, the
   * publishable key) left out, for a `validateConsentRequest` hook: a CAPTCHA token, a bot
   * score from your CDN. Nothing stores them.
   */
  headers?: Record<string, string> | null
  /**
   * When the shopper consented. Defaults to now.
   */
  occurred_at?: Date
}

/**
 * The consent after the checkbox.
 */
export type RecordConsentWorkflowOutput = {
  /**
   * The consent's ID; null for a number erased under GDPR, for which nothing is stored.
   */
  id: string | null
  /**
   * The number, masked (`+*******0123`).
   */
  phone: string
  /**
   * `pending` until the shopper replies YES (double opt-in), `opted_in`, or `opted_out` for a
   * number that opted out by text (only START or YES from the phone re-subscribes it).
   */
  status: ConsentStatus
  /**
   * Whether the status changed.
   */
  changed: boolean
  /**
   * Whether this request sent the double opt-in text (at most one a day per number).
   */
  confirmation_sent: boolean
  /**
   * Why a double opt-in text was due but not sent: `country_not_served`, `recently_sent`,
   * `hourly_ceiling` or `country_ceiling`; null otherwise.
   */
  confirmation_withheld: ConfirmationWithheld | null
}

export const recordConsentWorkflowId = "record-sms-consent"
/**
 * This workflow records a shopper's consent to cart-reminder texts from the checkout. It
 * checks that the number is on the cart's shipping or billing address (or the signed-in
 * customer's own), writes the ledger's `requested` event with exactly what the shopper was
 * shown, and sets the consent: `pending` for numbers of the campaign's double opt-in countries
 * (and a confirmation text naming the brand, cart reminders, frequency, rates, HELP and STOP,
 * sent at most once a day per number), `opted_in` for the others. A number that opted out
 * stays opted out, and a number erased under GDPR is answered `opted_out` with nothing stored.
 *
 * Confirmation texts go only to the countries of the store's regions (or the
 * `confirmationCountries` option) and under store-wide hourly ceilings
 * (`confirmationTextsPerHour`, `confirmationTextsPerCountryPerHour`): past one, the consent is
 * recorded `pending` with no text, a warning is logged and the admin feed gets an alert (one
 * per ceiling and hour).
 *
 * When the consent becomes `opted_in`, the cart's recoveries waiting for consent are
 * rescheduled. Every status change emits `sms_recovery.consent_changed`.
 *
 * It's used by the `POST /store/sms-recovery/consent` route, which also rate-limits it.
 *
 * @example
 * const { result } = await recordConsentWorkflow(container)
 * .run({
 *   input: {
 *     phone: "+14155550123",
 *     country: "US",
 *     cart_id: "cart_123",
 *     consent_text: "Text me cart reminders. Up to 2 msgs per cart. Msg & data rates may apply.",
 *     consent_text_version: "2026-11",
 *     source_url: "https://shop.example.com/checkout",
 *     ip: "203.0.113.7",
 *   }
 * })
 * // result.status: "pending"
 *
 * @summary
 *
 * Record a checkout consent to cart-reminder texts.
 *
 * @property hooks.validateConsentRequest - Runs before anything is written, with the `input`
 * (number, cart, IP, user agent, the request's `headers`) and the `cart` and `customer` read
 * for it. Throw a `MedusaError` of type `FORBIDDEN` to refuse the request: the store route
 * answers 403 with your message, and no consent, ledger row or text is written.
 */
export const recordConsentWorkflow = createWorkflow(
  recordConsentWorkflowId,
  (input: WorkflowData<RecordConsentWorkflowInput>) => {
    const occurredAt = transform({ input }, ({ input }) => input.occurred_at ?? new Date())
    const policy = getConsentPolicyStep()

    const cartQuery = when("has-cart", { input }, ({ input }) => !!input.cart_id).then(() =>
      useQueryGraphStep({
        entity: "cart",
        filters: { id: input.cart_id! },
        fields: ["id", "customer_id", ...CART_PHONE_FIELDS],
        options: { throwIfKeyNotFound: true },
      }).config({ name: "get-cart" })
    )
    const customerQuery = when("has-customer", { input }, ({ input }) => !!input.customer_id).then(
      () =>
        useQueryGraphStep({
          entity: "customer",
          filters: { id: input.customer_id! },
          fields: ["id", ...CUSTOMER_PHONE_FIELDS],
          options: { throwIfKeyNotFound: true },
        }).config({ name: "get-customer" })
    )
    const owners = transform({ cartQuery, customerQuery }, ({ cartQuery, customerQuery }) => ({
      cart: cartQuery?.data[0] ?? null,
      customer: customerQuery?.data[0] ?? null,
    }))

    const validateConsentRequest = createHook("validateConsentRequest", {
      input,
      cart: owners.cart,
      customer: owners.customer,
    })

    validateConsentPhoneStep({
      phone: input.phone,
      cart: owners.cart,
      customer: owners.customer,
      default_country: policy.default_country,
    })

    const lockKey = transform({ input }, ({ input }) => consentLockKey(input.phone))
    acquireLockStep({ key: lockKey, timeout: 5, ttl: 30 })

    const found = findConsentStep({ phone: input.phone })
    const decision = transform({ input, found, policy }, ({ input, found, policy }) => ({
      ...decideCheckoutConsent({
        current: found.consent?.status ?? null,
        suppressed: found.suppressed,
        doubleOptIn: requiresDoubleOptIn(input.country, policy.double_opt_in_countries),
      }),
      // An erased number is answered from its suppression entry; nothing is stored for it.
      record: !(found.suppressed && !found.consent),
    }))

    const recorded = when("should-record-consent", { decision }, ({ decision }) => decision.record).then(
      () => {
        const consentInput = transform(
          { input, found, decision, owners, occurredAt },
          ({ input, found, decision, owners, occurredAt }) => ({
            phone: input.phone,
            existing: found.consent,
            status: decision.status,
            country: input.country ?? null,
            customer_id: input.customer_id ?? owners.cart?.customer_id ?? null,
            locale: input.locale ?? null,
            consent_text: input.consent_text,
            consent_text_hash: consentTextHash(input.consent_text),
            consent_text_version: input.consent_text_version ?? null,
            source_url: input.source_url ?? null,
            ip: input.ip ?? null,
            user_agent: input.user_agent ?? null,
            occurred_at: occurredAt,
          })
        )
        return recordCheckoutConsentStep(consentInput)
      }
    )

    const reservation = when(
      "should-ask-to-confirm",
      { decision, recorded },
      ({ decision, recorded }) => decision.askToConfirm && !!recorded
    ).then(() => {
      const reserve = transform({ input, recorded, occurredAt }, ({ input, recorded, occurredAt }) => ({
        consent_id: recorded!.id,
        phone: input.phone,
        country: input.country ?? null,
        at: occurredAt,
      }))
      return reserveConfirmationTextStep(reserve)
    })

    when(
      "confirmation-ceiling-reached",
      { reservation },
      ({ reservation }) =>
        reservation?.withheld === "hourly_ceiling" || reservation?.withheld === "country_ceiling"
    ).then(() => {
      const alert = transform({ input, reservation, occurredAt }, ({ input, reservation, occurredAt }) => ({
        reason: reservation!.withheld as "hourly_ceiling" | "country_ceiling",
        country: input.country ?? null,
        at: occurredAt,
      }))
      alertConfirmationCeilingStep(alert)
    })

    const confirmation = when(
      "may-send-confirmation",
      { reservation },
      ({ reservation }) => !!reservation?.send
    ).then(() => {
      const text = transform({ input, found, policy, occurredAt }, ({ input, found, policy, occurredAt }) => ({
        to: input.phone,
        template: "sms-recovery-double-opt-in",
        text: doubleOptInText({
          brand: policy.brand,
          messagesPerCart: messagesPerCart(input.country, policy.sms_steps),
          termsUrl: policy.terms_url ?? undefined,
        }),
        // One key per number and day: a retried request sends nothing more.
        idempotency_key: `sms-recovery:doi:${found.phone_key}:${new Date(occurredAt).toISOString().slice(0, 10)}`,
      }))
      return sendConsentTextStep(text).config({ name: "send-double-opt-in-text" })
    })

    when(
      "confirmation-failed",
      { confirmation },
      ({ confirmation }) => confirmation?.skipped === "failed"
    ).then(() => {
      const release = transform({ recorded, reservation }, ({ recorded, reservation }) => ({
        consent_id: recorded!.id,
        previous_sent_at: reservation!.previous_sent_at,
      }))
      releaseConfirmationTextStep(release)
    })

    when("is-opted-in", { decision }, ({ decision }) => decision.status === "opted_in").then(() => {
      const resume = transform({ input, occurredAt }, ({ input, occurredAt }) => ({
        phone: input.phone,
        cart_ids: input.cart_id ? [input.cart_id] : [],
        at: occurredAt,
      }))
      resumeRecoveriesAwaitingConsentStep(resume)
    })

    when(
      "consent-changed",
      { decision, recorded },
      ({ decision, recorded }) => decision.changed && !!recorded
    ).then(() => {
      const data = transform({ input, recorded, decision }, ({ input, recorded, decision }) => ({
        id: recorded!.id,
        phone: maskPhone(input.phone),
        status: decision.status,
        channel: "checkout",
      }))
      emitEventStep({ eventName: SmsRecoveryEvents.CONSENT_CHANGED, data }).config({
        name: "emit-consent-changed",
      })
    })

    releaseLockStep({ key: lockKey })

    const result = transform(
      { input, recorded, decision, reservation, confirmation },
      ({ input, recorded, decision, reservation, confirmation }): RecordConsentWorkflowOutput => ({
        id: recorded?.id ?? null,
        phone: maskPhone(input.phone),
        status: decision.status,
        changed: decision.changed && !!recorded,
        confirmation_sent: confirmation?.sent ?? false,
        confirmation_withheld: reservation?.withheld ?? null,
      })
    )
    return new WorkflowResponse(result, { hooks: [validateConsentRequest] })
  }
)
