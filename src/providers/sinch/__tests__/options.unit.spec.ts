import { SinchNotificationService } from "../service"
import { parseSinchOptions } from "../options"

const valid = {
  servicePlanId: "plan-1",
  apiToken: "token-1",
  from: "+12025550100",
}

describe("Sinch provider options", () => {
  it("applies the documented defaults", () => {
    expect(parseSinchOptions({ ...valid, channels: ["sms"] })).toEqual({
      ...valid,
      region: "us",
      deliveryReport: "per_recipient_final",
      timeoutMs: 10_000,
      maxRetries: 3,
      defaultCountry: "US",
    })
  })

  it("keeps every option a store sets", () => {
    const options = {
      ...valid,
      region: "eu",
      smsHostname: "http://127.0.0.1:4599",
      deliveryReport: "full",
      maxParts: 3,
      timeoutMs: 2_000,
      maxRetries: 0,
      defaultCountry: "DE",
    }
    expect(parseSinchOptions(options)).toEqual(options)
  })

  it.each([
    [{ apiToken: undefined }, /"apiToken" is required/],
    [{ apiToken: "  " }, /"apiToken" must not be empty/],
    [{ servicePlanId: undefined }, /"servicePlanId" is required/],
    [{ from: undefined }, /"from" is required/],
    [{ region: "xx" }, /"region" .*"us"\|"eu"\|"au"\|"br"\|"ca"/],
    [{ smsHostname: "127.0.0.1:4599" }, /"smsHostname" must be an http\(s\) URL/],
    [{ smsHostname: "ftp://sinch.example" }, /"smsHostname" must be an http\(s\) URL/],
    [{ deliveryReport: "always" }, /"deliveryReport"/],
    [{ maxParts: 0 }, /"maxParts"/],
    [{ timeoutMs: "fast" }, /"timeoutMs"/],
    [{ maxRetries: -1 }, /"maxRetries"/],
    [{ defaultCountry: "usa" }, /"defaultCountry"/],
  ])("refuses %p naming the option", (override, message) => {
    expect(() => parseSinchOptions({ ...valid, ...override })).toThrow(message)
  })

  it("names every bad option at once", () => {
    expect(() => parseSinchOptions({ region: "xx" })).toThrow(
      /Invalid Sinch provider options: .*"servicePlanId" is required.*"apiToken" is required.*"region"/
    )
  })

  it("is what the notification module calls before booting the provider", () => {
    expect(() => SinchNotificationService.validateOptions({ ...valid, region: "xx" })).toThrow(
      /"region"/
    )
    expect(() => SinchNotificationService.validateOptions(valid)).not.toThrow()
  })
})
