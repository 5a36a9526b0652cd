import { checkoutConsentText, frequencyLine } from "../checkout-consent-text"
import { frequencyLine as ledgerFrequencyLine } from "../consent-text"

describe("checkoutConsentText", () => {
  it("names the brand, the frequency, rates, HELP, STOP and the terms", () => {
    expect(
      checkoutConsentText({ brand: "Acme", messagesPerCart: 2, termsUrl: "https://acme.example/sms-terms" })
    ).toBe(
      "Text me cart reminders from Acme at this number. Up to 2 msgs per abandoned cart. Consent is not a condition of purchase. Msg & data rates may apply. Reply HELP for help, STOP to opt out. Terms: https://acme.example/sms-terms"
    )
  })

  it("says one message per cart by default and leaves out terms the store has none of", () => {
    expect(checkoutConsentText({ brand: "Acme" })).toBe(
      "Text me cart reminders from Acme at this number. 1 msg per abandoned cart. Consent is not a condition of purchase. Msg & data rates may apply. Reply HELP for help, STOP to opt out."
    )
  })

  it("is the frequency wording the texts themselves use", () => {
    expect(ledgerFrequencyLine).toBe(frequencyLine)
    expect([0, 1, 1.9, 3].map(frequencyLine)).toEqual([
      "1 msg per abandoned cart",
      "1 msg per abandoned cart",
      "1 msg per abandoned cart",
      "Up to 3 msgs per abandoned cart",
    ])
  })
})
