import { parseSmsRecoveryOptions } from "../options"

const valid = {
  brandName: "Acme",
  storefrontUrl: "https://shop.example.com/",
  publicUrl: "https://api.example.com",
  linkSecret: "x".repeat(32),
}

describe("plugin options", () => {
  it("applies the documented defaults and trims trailing slashes from URLs", () => {
    expect(parseSmsRecoveryOptions(valid)).toEqual({
      ...valid,
      storefrontUrl: "https://shop.example.com",
      recoveryPath: "/cart/recover/{token}",
      defaultCountry: "US",
      defaultTimezone: "America/New_York",
      extraTemplateVariables: [],
      trustedProxyHops: 1,
      confirmationTextsPerHour: 100,
      confirmationTextsPerCountryPerHour: 30,
    })
  })

  it("still accepts a path with the raw cart id", () => {
    expect(parseSmsRecoveryOptions({ ...valid, recoveryPath: "/cart/{cart_id}" }).recoveryPath).toBe("/cart/{cart_id}")
  })

  it("keeps every optional setting", () => {
    const options = {
      ...valid,
      storefrontUrl: "https://shop.example.com",
      recoveryPath: "/en/cart/{token}/restore",
      sinchWebhookSecret: "whsec",
      defaultCountry: "GB",
      defaultTimezone: "Europe/London",
      supportContact: "help@acme.example",
      termsUrl: "https://shop.example.com/sms-terms",
      extraTemplateVariables: ["store_hours"],
      trustedProxyHops: 2,
      confirmationTextsPerHour: 20,
      confirmationTextsPerCountryPerHour: 5,
      confirmationCountries: ["US", "CA"],
    }
    expect(parseSmsRecoveryOptions(options)).toEqual(options)
  })

  it.each([
    [{ brandName: undefined }, /"brandName" is required/],
    [{ brandName: " " }, /"brandName" must not be empty/],
    [{ storefrontUrl: "shop.example.com" }, /"storefrontUrl" must be an http\(s\) URL/],
    [{ publicUrl: undefined }, /"publicUrl" is required/],
    [{ linkSecret: "short" }, /"linkSecret" must be at least 32 characters/],
    [{ recoveryPath: "/cart" }, /"recoveryPath" must contain \{token\}/],
    [{ recoveryPath: "/cart/{id}" }, /"recoveryPath" must contain \{token\} \(or \{cart_id\}/],
    [{ recoveryPath: "cart/{token}" }, /"recoveryPath" must start with \//],
    [{ defaultCountry: "XX" }, /"defaultCountry"/],
    [{ defaultTimezone: "Mars/Olympus" }, /"defaultTimezone" must be an IANA time zone/],
    [{ termsUrl: "terms" }, /"termsUrl"/],
    [{ extraTemplateVariables: ["Store Hours"] }, /"extraTemplateVariables.0" must be snake_case/],
    [{ trustedProxyHops: -1 }, /"trustedProxyHops" must be 0 or more/],
    [{ trustedProxyHops: 1.5 }, /"trustedProxyHops" must be a whole number/],
    [{ trustedProxyHops: "1" }, /"trustedProxyHops" (?!is required)/],
    [{ confirmationTextsPerHour: -5 }, /"confirmationTextsPerHour" must be 0 or more/],
    [{ confirmationTextsPerCountryPerHour: 2.5 }, /"confirmationTextsPerCountryPerHour" must be a whole number/],
    [{ confirmationCountries: ["US", "XX"] }, /"confirmationCountries.1" must be ISO 3166-1 alpha-2 codes/],
  ])("refuses %p naming the option", (override, message) => {
    expect(() => parseSmsRecoveryOptions({ ...valid, ...override })).toThrow(message)
  })
})

describe("abuse guard options", () => {
  it("trusts no proxy when told the server is exposed directly", () => {
    expect(parseSmsRecoveryOptions({ ...valid, trustedProxyHops: 0 }).trustedProxyHops).toBe(0)
  })

  it("reads confirmation countries in any case", () => {
    expect(parseSmsRecoveryOptions({ ...valid, confirmationCountries: ["us", "Gb"] }).confirmationCountries).toEqual([
      "US",
      "GB",
    ])
  })

  it("lets a store switch confirmation texts off with a ceiling of zero", () => {
    expect(parseSmsRecoveryOptions({ ...valid, confirmationTextsPerHour: 0 }).confirmationTextsPerHour).toBe(0)
  })
})
