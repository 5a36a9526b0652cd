import { describeConversion, describeIncremental } from "../incremental-text"
import type { CampaignExperiment } from "../types"

const minimum = { recoveries_per_arm: 30, expected_conversions_per_arm: 5 }
const arm = (eligible_recoveries: number, conversion_rate = 0.1) => ({
  eligible_recoveries,
  conversions: Math.round(eligible_recoveries * conversion_rate),
  conversion_rate,
  revenue: [],
})
const comparison = (incremental: CampaignExperiment["incremental"], holdout = 30, treated = 40) =>
  ({ treated: arm(treated, 0.2), holdout: arm(holdout, 0.133333), incremental }) as Pick<
    CampaignExperiment,
    "treated" | "holdout" | "incremental"
  >

describe("describeIncremental", () => {
  it("gives the incremental revenue per eligible cart with its interval and p-value, per currency", () => {
    const lines = describeIncremental(
      comparison({
        insufficient_sample: false,
        reason: null,
        conversion: { difference: 0.066667, ci95: [-0.107, 0.24], p_value: 0.463929 },
        revenue: [
          { currency_code: "eur", treated_per_recovery: 0.5, holdout_per_recovery: 0, incremental_per_recovery: 0.5, ci95: [0.010741, 0.989259], p_value: 0.045224 },
          { currency_code: "usd", treated_per_recovery: 10, holdout_per_recovery: 6.666667, incremental_per_recovery: 3.333333, ci95: [-5.642116, 12.308782], p_value: 0.0004 },
        ],
      }),
      minimum
    )
    expect(lines).toEqual([
      "Texts add +€0.50 per eligible cart (95 % interval +€0.01 to +€0.99, p = 0.045)",
      "Texts add +$3.33 per eligible cart (95 % interval −$5.64 to +$12.31, p < 0.001)",
    ])
  })

  it("says why there is no number yet", () => {
    const short = (reason: "too_few_holdout_recoveries" | "too_few_treated_recoveries" | "too_few_conversions") =>
      ({ insufficient_sample: true, reason }) as const
    expect(describeIncremental(comparison(short("too_few_holdout_recoveries"), 12), minimum)).toEqual([
      "Not enough data yet: 12 of 30 held-out carts",
    ])
    expect(describeIncremental(comparison(short("too_few_treated_recoveries"), 40, 25), minimum)).toEqual([
      "Not enough data yet: 25 of 30 texted carts",
    ])
    expect(describeIncremental(comparison(short("too_few_conversions")), minimum)).toEqual([
      "Not enough data yet: too few orders to compare (5 expected in each group)",
    ])
    expect(describeIncremental(comparison(short("too_few_holdout_recoveries"), 0), minimum)).toEqual([
      "No held-out carts: set a holdout share to measure what the texts add",
    ])
  })
})

describe("describeConversion", () => {
  it("gives both rates, and the p-value once there is one", () => {
    const measured = comparison({
      insufficient_sample: false,
      reason: null,
      conversion: { difference: 0.066667, ci95: [-0.107, 0.24], p_value: 0.463929 },
      revenue: [],
    })
    expect(describeConversion(measured)).toBe("20% texted vs 13.3% held out, p = 0.464")
    expect(describeConversion(comparison({ insufficient_sample: true, reason: "too_few_conversions" }))).toBe(
      "20% texted vs 13.3% held out"
    )
  })
})
