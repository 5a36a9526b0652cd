// No Node imports here: the storefront kit's consent checkbox renders this text in the browser.

/** What the checkout's consent checkbox says about the store's texts. */
export type CheckoutConsentTextContext = {
  /** The sender name every text starts with (the plugin's `brandName`). */
  brand: string
  /** The most reminder texts one abandoned cart can bring (the campaign's SMS steps); 1 by default. */
  messagesPerCart?: number
  /** The SMS terms page (the plugin's `termsUrl`), linked at the end. */
  termsUrl?: string
}

/** `1 msg per abandoned cart` / `Up to 2 msgs per abandoned cart`: the CTIA frequency line. */
export function frequencyLine(messagesPerCart: number): string {
  const count = Math.max(1, Math.floor(messagesPerCart))
  return count === 1 ? "1 msg per abandoned cart" : `Up to ${count} msgs per abandoned cart`
}

/**
 * The label of the checkout's consent checkbox, word for word what the shopper sees and what
 * the consent ledger records: the brand and what it sends, how often, that consent is not a
 * condition of purchase, "Msg & data rates may apply", HELP and STOP, and the terms.
 */
export function checkoutConsentText(context: CheckoutConsentTextContext): string {
  return [
    `Text me cart reminders from ${context.brand} at this number.`,
    `${frequencyLine(context.messagesPerCart ?? 1)}.`,
    "Consent is not a condition of purchase.",
    "Msg & data rates may apply.",
    "Reply HELP for help, STOP to opt out.",
    ...(context.termsUrl ? [`Terms: ${context.termsUrl}`] : []),
  ].join(" ")
}
