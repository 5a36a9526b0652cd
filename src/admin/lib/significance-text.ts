import type { VariantStats } from "./types"
import { adminLocale } from "./format"

const points = (fraction: number) =>
  new Intl.NumberFormat(adminLocale(), { maximumFractionDigits: 1, signDisplay: "never" }).format(Math.abs(fraction) * 100)

const pValue = (p: number) =>
  p < 0.001 ? "p < 0.001" : `p = ${new Intl.NumberFormat(adminLocale(), { maximumFractionDigits: 3 }).format(p)}`

/** "B converts 2.1 points better than A, p = 0.03 (95 % interval +0.3 to +13.7 points)". */
export function describeComparison(variant: VariantStats, baselineName: string): string {
  const comparison = variant.comparison
  if (!comparison) {
    return "Baseline"
  }
  if (!comparison.enough_data) {
    return "Not enough data yet"
  }
  const name = variant.name ?? "This variant"
  const signed = (fraction: number) => `${fraction < 0 ? "−" : "+"}${points(fraction)}`
  const interval = `95 % interval ${signed(comparison.ci95[0])} to ${signed(comparison.ci95[1])} points`
  if (comparison.difference === 0) {
    return `${name} converts the same as ${baselineName}, ${pValue(comparison.p_value)} (${interval})`
  }
  const direction = comparison.difference > 0 ? "better" : "worse"
  return `${name} converts ${points(comparison.difference)} points ${direction} than ${baselineName}, ${pValue(comparison.p_value)} (${interval})`
}
