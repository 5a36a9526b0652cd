import { adminLocale, formatMoney, formatPercent } from "./format"
import type { CampaignExperiment, Experiments } from "./types"

type Comparison = Pick<CampaignExperiment, "treated" | "holdout" | "incremental">

const pValue = (p: number) =>
  p < 0.001 ? "p < 0.001" : `p = ${new Intl.NumberFormat(adminLocale(), { maximumFractionDigits: 3 }).format(p)}`

const signedMoney = (amount: number, currency: string) =>
  `${amount < 0 ? "−" : "+"}${formatMoney(Math.abs(amount), currency)}`

/**
 * The incremental line, one per currency: "Texts add +$3.33 per eligible cart (95 % interval
 * −$5.64 to +$12.31, p = 0.461)", or why there is no number yet.
 */
export function describeIncremental(comparison: Comparison, minimum: Experiments["minimum_sample"]): string[] {
  const { treated, holdout, incremental } = comparison
  if (holdout.eligible_recoveries === 0) {
    return ["No held-out carts: set a holdout share to measure what the texts add"]
  }
  if (incremental.insufficient_sample) {
    const needed = minimum.recoveries_per_arm
    switch (incremental.reason) {
      case "too_few_holdout_recoveries":
        return [`Not enough data yet: ${holdout.eligible_recoveries} of ${needed} held-out carts`]
      case "too_few_treated_recoveries":
        return [`Not enough data yet: ${treated.eligible_recoveries} of ${needed} texted carts`]
      default:
        return [`Not enough data yet: too few orders to compare (${minimum.expected_conversions_per_arm} expected in each group)`]
    }
  }
  if (incremental.revenue.length === 0) {
    return [`No orders in either group (conversion ${pValue(incremental.conversion.p_value)})`]
  }
  return incremental.revenue.map((row) => {
    const interval = row.ci95
      ? ` (95 % interval ${signedMoney(row.ci95[0], row.currency_code)} to ${signedMoney(row.ci95[1], row.currency_code)}, ${pValue(row.p_value!)})`
      : ""
    return `Texts add ${signedMoney(row.incremental_per_recovery, row.currency_code)} per eligible cart${interval}`
  })
}

/** "20 % texted vs 13.3 % held out, p = 0.464": the conversion comparison. */
export function describeConversion(comparison: Comparison): string {
  const { treated, holdout, incremental } = comparison
  const rates = `${formatPercent(treated.conversion_rate)} texted vs ${formatPercent(holdout.conversion_rate)} held out`
  return incremental.insufficient_sample ? rates : `${rates}, ${pValue(incremental.conversion.p_value)}`
}
