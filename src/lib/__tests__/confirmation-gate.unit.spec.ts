import {
  ceilingAlertKey,
  decideConfirmationText,
  type ConfirmationFacts,
} from "../confirmation-gate"

const NOW = new Date("2026-12-02T01:30:00Z")
const HOUR = 3_600_000

function facts(overrides: Partial<ConfirmationFacts> = {}): ConfirmationFacts {
  return {
    country: "US",
    servedCountries: ["us", "ca"],
    lastSentAt: null,
    sentLastHour: 0,
    sentLastHourToCountry: 0,
    ceilings: { perHour: 100, perCountryPerHour: 30 },
    now: NOW,
    ...overrides,
  }
}

describe("decideConfirmationText", () => {
  it.each<[string, Partial<ConfirmationFacts>, ReturnType<typeof decideConfirmationText>]>([
    ["a served country under both ceilings", {}, { send: true }],
    ["a served country written in another case", { country: "us", servedCountries: ["US"] }, { send: true }],
    ["a country the store does not sell to", { country: "JM" }, { send: false, reason: "country_not_served" }],
    ["a number of no known country", { country: null }, { send: false, reason: "country_not_served" }],
    ["a store with no served country", { servedCountries: [] }, { send: false, reason: "country_not_served" }],
    ["a number asked 23 hours ago", { lastSentAt: new Date(NOW.getTime() - 23 * HOUR) }, { send: false, reason: "recently_sent" }],
    ["a number asked 24 hours ago", { lastSentAt: new Date(NOW.getTime() - 24 * HOUR) }, { send: true }],
    ["one below the hourly ceiling", { sentLastHour: 99 }, { send: true }],
    ["at the hourly ceiling", { sentLastHour: 100 }, { send: false, reason: "hourly_ceiling" }],
    ["one below the country ceiling", { sentLastHourToCountry: 29 }, { send: true }],
    ["at the country ceiling", { sentLastHourToCountry: 30 }, { send: false, reason: "country_ceiling" }],
    ["at both ceilings", { sentLastHour: 100, sentLastHourToCountry: 30 }, { send: false, reason: "hourly_ceiling" }],
    ["a ceiling of zero", { ceilings: { perHour: 0, perCountryPerHour: 30 } }, { send: false, reason: "hourly_ceiling" }],
    [
      "an unserved country at the ceiling",
      { country: "JM", sentLastHour: 100 },
      { send: false, reason: "country_not_served" },
    ],
  ])("%s", (_, overrides, expected) => {
    expect(decideConfirmationText(facts(overrides))).toEqual(expected)
  })
})

describe("ceilingAlertKey", () => {
  it("is one key per ceiling and clock hour", () => {
    expect(ceilingAlertKey("hourly_ceiling", "US", NOW)).toBe("sms-recovery:confirmation-ceiling:store:2026-12-02T01")
    expect(ceilingAlertKey("hourly_ceiling", "GB", new Date("2026-12-02T01:59:59Z"))).toBe(
      "sms-recovery:confirmation-ceiling:store:2026-12-02T01"
    )
    expect(ceilingAlertKey("hourly_ceiling", "US", new Date("2026-12-02T02:00:00Z"))).toBe(
      "sms-recovery:confirmation-ceiling:store:2026-12-02T02"
    )
  })

  it("is per country for the country ceiling", () => {
    expect(ceilingAlertKey("country_ceiling", "gb", NOW)).toBe("sms-recovery:confirmation-ceiling:country:GB:2026-12-02T01")
    expect(ceilingAlertKey("country_ceiling", "US", NOW)).not.toBe(ceilingAlertKey("country_ceiling", "GB", NOW))
  })
})
