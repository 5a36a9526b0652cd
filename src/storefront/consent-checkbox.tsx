"use client"

import { useId, useState, type ChangeEvent } from "react"
import { checkoutConsentText, type CheckoutConsentTextContext } from "../lib/checkout-consent-text"

/** What the store recorded for the number. */
export type SmsConsentStatus = "pending" | "opted_in" | "opted_out"

export type SmsConsentCheckboxProps = CheckoutConsentTextContext & {
  /** The cart whose shipping or billing address carries `phone`. */
  cartId: string
  /** The number the shopper entered at checkout; the checkbox waits for one. */
  phone: string | null | undefined
  /** The Medusa backend, e.g. `process.env.NEXT_PUBLIC_MEDUSA_BACKEND_URL`. */
  backendUrl: string
  /** The store's publishable API key. */
  publishableKey: string
  /** The page the consent was given on. Defaults to the current page. */
  sourceUrl?: string
  /** The shopper's language tag, e.g. `en-US`. */
  locale?: string
  /** Called with the recorded status once the store has it. */
  onRecorded?: (status: SmsConsentStatus) => void
  className?: string
  /** The wording of the outcomes, to translate. */
  messages?: Partial<Record<"pending" | "opted_in" | "opted_out" | "needs_phone" | "failed", string>>
}

const DEFAULT_MESSAGES = {
  pending: "Check your phone to confirm: reply YES to the text we just sent.",
  opted_in: "You're subscribed to cart reminders. Reply STOP to any text to opt out.",
  opted_out: "This number has opted out of our texts. Text START to us to opt back in.",
  needs_phone: "Add a phone number to get text reminders.",
  failed: "We couldn't save your choice. Please try again.",
}

type State =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "recorded"; status: SmsConsentStatus }
  | { kind: "failed"; message: string }

/**
 * The consent checkbox for the checkout's contact step: unticked until the shopper ticks it,
 * labelled with the exact consent text (`checkoutConsentText`), which is what the store records
 * in its consent ledger. Ticking it posts `POST /store/sms-recovery/consent` with the cart; a
 * number that needs double opt-in is told to check the phone.
 */
export function SmsConsentCheckbox(props: SmsConsentCheckboxProps) {
  const id = useId()
  const [state, setState] = useState<State>({ kind: "idle" })
  const messages = { ...DEFAULT_MESSAGES, ...props.messages }
  const text = checkoutConsentText(props)
  const termsAt = props.termsUrl ? text.lastIndexOf(props.termsUrl) : -1
  const phone = props.phone?.trim()
  const checked = state.kind === "saving" || state.kind === "recorded"

  const record = async (event: ChangeEvent<HTMLInputElement>) => {
    if (!event.target.checked || !phone) {
      return
    }
    setState({ kind: "saving" })
    try {
      const response = await fetch(`${props.backendUrl.replace(/\/+$/, "")}/store/sms-recovery/consent`, {
        method: "POST",
        credentials: "include",
        headers: { "content-type": "application/json", "x-publishable-api-key": props.publishableKey },
        body: JSON.stringify({
          phone,
          cart_id: props.cartId,
          consent_text: text,
          source_url: props.sourceUrl ?? window.location.href.split(/[?#]/)[0],
          ...(props.locale ? { locale: props.locale } : {}),
        }),
      })
      const body = (await response.json().catch(() => ({}))) as {
        consent?: { status?: SmsConsentStatus }
        message?: string
      }
      const status = body.consent?.status
      if (!response.ok || !status) {
        setState({ kind: "failed", message: body.message || messages.failed })
        return
      }
      setState({ kind: "recorded", status })
      props.onRecorded?.(status)
    } catch {
      setState({ kind: "failed", message: messages.failed })
    }
  }

  const note =
    state.kind === "recorded"
      ? messages[state.status]
      : state.kind === "failed"
        ? state.message
        : !phone
          ? messages.needs_phone
          : ""

  return (
    <div className={props.className} data-sms-consent="">
      <input
        type="checkbox"
        id={id}
        name="sms_recovery_consent"
        checked={checked}
        disabled={!phone || checked}
        aria-describedby={`${id}-note`}
        onChange={record}
      />{" "}
      <label htmlFor={id}>
        {termsAt < 0 ? (
          text
        ) : (
          <>
            {text.slice(0, termsAt)}
            <a href={props.termsUrl} target="_blank" rel="noopener noreferrer">
              {props.termsUrl}
            </a>
            {text.slice(termsAt + props.termsUrl!.length)}
          </>
        )}
      </label>
      <p id={`${id}-note`} role={state.kind === "failed" ? "alert" : "status"} aria-live="polite">
        {note}
      </p>
    </div>
  )
}
