import {
  decideCheckoutConsent,
  messagesPerCart,
  requiresDoubleOptIn,
  type ConsentStatus,
} from "../consent-status"

describe("requiresDoubleOptIn", () => {
  it.each([
    ["US", ["US"], true],
    ["us", ["US"], true],
    ["GB", ["US"], false],
    ["DE", ["US", "de"], true],
    ["CA", [], false],
    [undefined, ["US"], true],
    [null, [], true],
  ] as const)("%s with %j → %s", (country, countries, expected) => {
    expect(requiresDoubleOptIn(country, countries)).toBe(expected)
  })
})

describe("messagesPerCart", () => {
  it.each([
    ["US", 2, 1],
    ["US", 1, 1],
    ["GB", 2, 2],
    ["GB", 0, 1],
    [undefined, 3, 3],
  ] as const)("%s with %s SMS steps → %s", (country, steps, expected) => {
    expect(messagesPerCart(country, steps)).toBe(expected)
  })
})

describe("decideCheckoutConsent", () => {
  it.each<[ConsentStatus | null, boolean, boolean, ConsentStatus, boolean, boolean]>([
    // current, suppressed, double opt-in → status, changed, ask to confirm
    [null, false, true, "pending", true, true],
    [null, false, false, "opted_in", true, false],
    ["pending", false, true, "pending", false, true],
    ["pending", false, false, "opted_in", true, false],
    ["opted_in", false, true, "opted_in", false, false],
    ["opted_in", false, false, "opted_in", false, false],
    ["opted_out", false, true, "opted_out", false, false],
    ["opted_out", false, false, "opted_out", false, false],
    [null, true, false, "opted_out", false, false],
    [null, true, true, "opted_out", false, false],
  ])(
    "current %s, suppressed %s, double opt-in %s → %s",
    (current, suppressed, doubleOptIn, status, changed, askToConfirm) => {
      expect(decideCheckoutConsent({ current, suppressed, doubleOptIn })).toEqual({
        status,
        changed,
        askToConfirm,
      })
    }
  )
})
