import { analyzeSegments } from "../segments"
import {
  consentTextHash,
  doubleOptInText,
  frequencyLine,
  helpText,
  optInConfirmationText,
  optOutConfirmationText,
} from "../consent-text"

const context = {
  brand: "Acme",
  messagesPerCart: 2,
  supportContact: "support@acme.test",
  termsUrl: "https://acme.test/sms-terms",
}

describe("consentTextHash", () => {
  it("is the sha256 hex of the exact text", () => {
    expect(consentTextHash("abc")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
  })

  it("tells texts apart that differ only in whitespace", () => {
    expect(consentTextHash("Text me ")).not.toBe(consentTextHash("Text me"))
  })
})

describe("frequencyLine", () => {
  it.each([
    [1, "1 msg per abandoned cart"],
    [2, "Up to 2 msgs per abandoned cart"],
    [3, "Up to 3 msgs per abandoned cart"],
    [0, "1 msg per abandoned cart"],
  ])("%s → %s", (count, line) => {
    expect(frequencyLine(count)).toBe(line)
  })
})

describe("doubleOptInText", () => {
  const text = doubleOptInText(context)

  it("names the brand, cart reminders, frequency, rates, HELP, STOP and the terms", () => {
    expect(text).toBe(
      "Acme: Reply YES to get cart reminders by text. Up to 2 msgs per abandoned cart. " +
        "Msg & data rates may apply. Reply HELP for help, STOP to opt out. " +
        "Terms: https://acme.test/sms-terms"
    )
  })

  it("leaves the terms out when the store has none", () => {
    expect(doubleOptInText({ ...context, termsUrl: undefined })).not.toContain("Terms")
  })

  it("stays GSM-7, within two segments", () => {
    expect(analyzeSegments(text)).toMatchObject({ encoding: "GSM-7", segments: 2 })
  })
})

describe("confirmations", () => {
  it("the opt-out confirmation is the one required wording", () => {
    expect(optOutConfirmationText("Acme")).toBe(
      "Acme: You're unsubscribed from cart reminders. No more messages will be sent. Reply START to resubscribe."
    )
  })

  it("the opt-in confirmation names frequency, rates, HELP and STOP", () => {
    expect(optInConfirmationText({ ...context, messagesPerCart: 1 })).toBe(
      "Acme: You're subscribed to cart reminders. 1 msg per abandoned cart. " +
        "Msg & data rates may apply. Reply HELP for help, STOP to opt out."
    )
  })
})

describe("helpText", () => {
  it("names brand, frequency, rates, the support contact and STOP", () => {
    expect(helpText(context)).toBe(
      "Acme cart reminders: Up to 2 msgs per abandoned cart. Msg & data rates may apply. " +
        "Help: support@acme.test. Reply STOP to opt out."
    )
  })

  it("falls back to the terms link without a support contact", () => {
    expect(helpText({ ...context, supportContact: undefined })).toContain(
      "Info: https://acme.test/sms-terms Reply STOP to opt out."
    )
  })

  it("still tells how to stop with neither", () => {
    expect(helpText({ brand: "Acme", messagesPerCart: 1 })).toBe(
      "Acme cart reminders: 1 msg per abandoned cart. Msg & data rates may apply. Reply STOP to opt out."
    )
  })
})
