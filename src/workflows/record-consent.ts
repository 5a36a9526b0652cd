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
import {
  decideCheckoutConsent,
  messagesPerCart,
  requiresDoubleOptIn,
  type ConsentStatus,
} from "../lib/consent-status"
import { consentTextHash, doubleOptInText } from "../lib/consent-text"
import { maskPhone } from "../lib/phone"
import { SmsRecoveryEvents } from "../modules/sms_recovery/events"
import { findConsentStep } from "./steps/find-consent"
import { getConsentPolicyStep } from "./steps/get-consent-policy"
import { recordCheckoutConsentStep } from "./steps/record-checkout-consent"
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
}

/** The double opt-in text goes to a number at most once in this long. */
const CONFIRMATION_INTERVAL_MS = 24 * 60 * 60 * 1000

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
        fields: [
          "id",
          "customer_id",
          "shipping_address.phone",
          "shipping_address.country_code",
          "billing_address.phone",
          "billing_address.country_code",
        ],
        options: { throwIfKeyNotFound: true },
      }).config({ name: "get-cart" })
    )
    const customerQuery = when("has-customer", { input }, ({ input }) => !!input.customer_id).then(
      () =>
        useQueryGraphStep({
          entity: "customer",
          filters: { id: input.customer_id! },
          fields: ["id", "phone", "addresses.phone", "addresses.country_code"],
          options: { throwIfKeyNotFound: true },
        }).config({ name: "get-customer" })
    )
    const owners = transform({ cartQuery, customerQuery }, ({ cartQuery, customerQuery }) => ({
      cart: cartQuery?.data[0] ?? null,
      customer: customerQuery?.data[0] ?? null,
    }))

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

    const confirmation = when(
      "should-ask-to-confirm",
      { decision },
      ({ decision }) => decision.askToConfirm
    ).then(() => {
      const text = transform({ input, found, policy, occurredAt }, ({ input, found, policy, occurredAt }) => ({
        to: input.phone,
        template: "sms-recovery-double-opt-in",
        text: doubleOptInText({
          brand: policy.brand,
          messagesPerCart: messagesPerCart(input.country, policy.sms_steps),
          termsUrl: policy.terms_url ?? undefined,
        }),
        // One key per number and day; the look-back covers the day boundary.
        idempotency_key: `sms-recovery:doi:${found.phone_key}:${new Date(occurredAt).toISOString().slice(0, 10)}`,
        unless_sent_since: new Date(new Date(occurredAt).getTime() - CONFIRMATION_INTERVAL_MS),
      }))
      return sendConsentTextStep(text).config({ name: "send-double-opt-in-text" })
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
      { input, recorded, decision, confirmation },
      ({ input, recorded, decision, confirmation }): RecordConsentWorkflowOutput => ({
        id: recorded?.id ?? null,
        phone: maskPhone(input.phone),
        status: decision.status,
        changed: decision.changed && !!recorded,
        confirmation_sent: confirmation?.sent ?? false,
      })
    )
    return new WorkflowResponse(result)
  }
)
