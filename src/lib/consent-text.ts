import { createHash } from "node:crypto"
import { frequencyLine } from "./checkout-consent-text"

/** What a consent-related text needs to know about the store and the number it goes to. */
export type ConsentTextContext = {
  /** The sender name every text starts with (`brandName`). */
  brand: string
  /** The most reminder texts one abandoned cart can bring this number (see `messagesPerCart`). */
  messagesPerCart: number
  /** Named in HELP replies (`supportContact`). */
  supportContact?: string
  /** Linked from opt-in texts (`termsUrl`). */
  termsUrl?: string
}

/** sha256 (hex) of the exact consent text a shopper was shown, as the ledger stores it. */
export function consentTextHash(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex")
}

export { frequencyLine }

/**
 * The double opt-in request: names the brand and cart reminders, the frequency,
 * "Msg & data rates may apply", HELP and STOP, and the terms when the store has them.
 */
export function doubleOptInText(context: ConsentTextContext): string {
  return [
    `${context.brand}: Reply YES to get cart reminders by text.`,
    `${frequencyLine(context.messagesPerCart)}.`,
    "Msg & data rates may apply.",
    "Reply HELP for help, STOP to opt out.",
    ...(context.termsUrl ? [`Terms: ${context.termsUrl}`] : []),
  ].join(" ")
}

/** Sent once a number opts in by keyword or confirms with YES. */
export function optInConfirmationText(context: ConsentTextContext): string {
  return [
    `${context.brand}: You're subscribed to cart reminders.`,
    `${frequencyLine(context.messagesPerCart)}.`,
    "Msg & data rates may apply.",
    "Reply HELP for help, STOP to opt out.",
  ].join(" ")
}

/** The one confirmation an opt-out gets (FCC 2024: one text, no marketing). */
export function optOutConfirmationText(brand: string): string {
  return `${brand}: You're unsubscribed from cart reminders. No more messages will be sent. Reply START to resubscribe.`
}

/**
 * The HELP/INFO reply, sent to anyone who asks (CTIA): brand and program, frequency, rates,
 * where to get help, and how to stop.
 */
export function helpText(context: ConsentTextContext): string {
  const contact = context.supportContact
    ? `Help: ${context.supportContact}.`
    : context.termsUrl
      ? `Info: ${context.termsUrl}`
      : undefined
  return [
    `${context.brand} cart reminders:`,
    `${frequencyLine(context.messagesPerCart)}.`,
    "Msg & data rates may apply.",
    ...(contact ? [contact] : []),
    "Reply STOP to opt out.",
  ].join(" ")
}
