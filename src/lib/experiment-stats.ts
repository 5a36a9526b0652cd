/**
 * Statistics for experiments whose outcome is an amount rather than a yes/no: revenue per
 * eligible recovery in treated against holdout carts, or per variant. Rates (conversion) are
 * compared by `compareProportions` in `./significance`.
 */
import { compareProportions } from "./significance"

export { compareProportions, type ProportionComparison, type ProportionSample } from "./significance"

/**
 * One group's outcomes as SQL aggregates give them (`count(*)`, `sum(x)`, `sum(x * x)`), so a
 * comparison never needs the rows. Amounts in any one unit, e.g. minor units of a currency.
 */
export type MeanSample = {
  n: number
  sum: number
  sum_of_squares: number
}

/**
 * Below this many observations per group the t interval leans on normality that revenue per
 * cart (mostly zeros, a few large orders) does not have.
 */
export const MIN_OBSERVATIONS_PER_GROUP = 30

export type MeanComparison =
  | { enough_data: false }
  | {
      enough_data: true
      baseline_mean: number
      challenger_mean: number
      /** Mean of the challenger minus mean of the baseline, in the samples' unit. */
      difference: number
      /** Unpooled standard error of `difference`. */
      standard_error: number
      /** Welch–Satterthwaite degrees of freedom. */
      degrees_of_freedom: number
      /** Welch's t statistic; positive when the challenger's mean is higher. */
      t: number
      /** Two-sided. */
      p_value: number
      /** 95 % confidence interval of `difference`. */
      ci95: [number, number]
    }

/**
 * Welch's unequal-variances t-test of `challenger` against `baseline`: how far apart their means
 * are, with a 95 % interval and a two-sided p-value, without assuming equal variances or equal
 * group sizes (a holdout is usually much smaller than the treated group). Returns
 * `enough_data: false` below the minimum sample, or when neither group varies at all.
 */
export function compareMeans(
  baseline: MeanSample,
  challenger: MeanSample,
  minPerGroup: number = MIN_OBSERVATIONS_PER_GROUP
): MeanComparison {
  if (baseline.n < Math.max(2, minPerGroup) || challenger.n < Math.max(2, minPerGroup)) {
    return { enough_data: false }
  }
  const a = summarize(baseline)
  const b = summarize(challenger)
  const shareA = a.variance / baseline.n
  const shareB = b.variance / challenger.n
  const variance = shareA + shareB
  if (!(variance > 0)) {
    return { enough_data: false }
  }
  const standardError = Math.sqrt(variance)
  const degreesOfFreedom =
    (variance * variance) /
    ((shareA * shareA) / (baseline.n - 1) + (shareB * shareB) / (challenger.n - 1))
  const difference = b.mean - a.mean
  const t = difference / standardError
  const critical = studentTQuantile(0.975, degreesOfFreedom)
  return {
    enough_data: true,
    baseline_mean: a.mean,
    challenger_mean: b.mean,
    difference,
    standard_error: standardError,
    degrees_of_freedom: degreesOfFreedom,
    t,
    p_value: Math.min(1, 2 * studentTUpperTail(Math.abs(t), degreesOfFreedom)),
    ci95: [difference - critical * standardError, difference + critical * standardError],
  }
}

/** Mean and sample variance (n − 1) from the aggregates; rounding never makes it negative. */
export function summarize(sample: MeanSample): { mean: number; variance: number } {
  const mean = sample.sum / sample.n
  const variance = (sample.sum_of_squares - sample.sum * mean) / (sample.n - 1)
  return { mean, variance: Math.max(0, variance) }
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom (any positive real `df`). */
export function studentTCdf(t: number, df: number): number {
  const tail = studentTUpperTail(Math.abs(t), df)
  return t >= 0 ? 1 - tail : tail
}

/** P(T > t) for t ≥ 0: half the regularized incomplete beta I_x(df/2, 1/2) at x = df/(df + t²). */
function studentTUpperTail(t: number, df: number): number {
  return 0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5)
}

/** The t with P(T ≤ t) = p, by bisection on the CDF (it is monotone): 0 < p < 1, df > 0. */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) {
    throw new RangeError(`studentTQuantile needs 0 < p < 1 and df > 0, got p=${p}, df=${df}`)
  }
  if (p === 0.5) {
    return 0
  }
  if (p < 0.5) {
    return -studentTQuantile(1 - p, df)
  }
  let low = 0
  let high = 1
  while (studentTCdf(high, df) < p) {
    low = high
    high *= 2
  }
  for (let i = 0; i < 200 && high - low > 1e-12 * high; i++) {
    const middle = (low + high) / 2
    if (studentTCdf(middle, df) < p) {
      low = middle
    } else {
      high = middle
    }
  }
  return (low + high) / 2
}

/**
 * I_x(a, b), through its continued fraction (Lentz's method), on whichever side of the mean
 * x = a / (a + b) it converges fast: the method of Numerical Recipes, 6.4.
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) {
    return 0
  }
  if (x >= 1) {
    return 1
  }
  const front = Math.exp(
    logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x)
  )
  if (x < (a + 1) / (a + b + 2)) {
    return (front * betaContinuedFraction(x, a, b)) / a
  }
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b
}

const TINY = 1e-300
const EPSILON = 1e-15

function betaContinuedFraction(x: number, a: number, b: number): number {
  let c = 1
  let d = 1 - ((a + b) * x) / (a + 1)
  d = 1 / (Math.abs(d) < TINY ? TINY : d)
  let result = d
  for (let m = 1; m <= 500; m++) {
    const even = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m))
    d = 1 + even * d
    d = 1 / (Math.abs(d) < TINY ? TINY : d)
    c = 1 + even / c
    c = Math.abs(c) < TINY ? TINY : c
    result *= d * c
    const odd = (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1))
    d = 1 + odd * d
    d = 1 / (Math.abs(d) < TINY ? TINY : d)
    c = 1 + odd / c
    c = Math.abs(c) < TINY ? TINY : c
    const step = d * c
    result *= step
    if (Math.abs(step - 1) < EPSILON) {
      break
    }
  }
  return result
}

/** Lanczos coefficients (g = 7, n = 9): ln Γ to about 15 significant digits. */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
]

export function logGamma(x: number): number {
  if (x < 0.5) {
    // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x)
  }
  const z = x - 1
  let sum = LANCZOS[0]
  for (let i = 1; i < LANCZOS.length; i++) {
    sum += LANCZOS[i] / (z + i)
  }
  const t = z + 7.5
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum)
}

/**
 * One arm of a holdout experiment (the texted recoveries, or the held-out ones) as SQL
 * aggregates give it: recoveries eligible for a step, how many of them converted, and per
 * currency the sum and sum of squares of each recovery's attributed revenue in major units.
 * A recovery without an order in a currency counts as 0 in that currency.
 */
export type ArmOutcome = {
  recoveries: number
  conversions: number
  revenue: ArmRevenue[]
}

export type ArmRevenue = {
  currency_code: string
  sum: number
  sum_of_squares: number
}

/** Below this many eligible recoveries in either arm the comparison is not reported. */
export const MIN_RECOVERIES_PER_ARM = MIN_OBSERVATIONS_PER_GROUP

/**
 * Why a comparison is not reported yet: an arm below {@link MIN_RECOVERIES_PER_ARM}
 * recoveries, or fewer than `MIN_EXPECTED_OUTCOMES` expected conversions (or
 * non-conversions) in an arm at the pooled rate, where neither test's approximation holds.
 */
export type InsufficientSampleReason =
  | "too_few_holdout_recoveries"
  | "too_few_treated_recoveries"
  | "too_few_conversions"

export type IncrementalRevenue = {
  currency_code: string
  treated_per_recovery: number
  holdout_per_recovery: number
  /** Treated minus holdout revenue per eligible recovery (Welch), in major units. */
  incremental_per_recovery: number
  ci95: [number, number] | null
  p_value: number | null
}

export type IncrementalResult =
  | { insufficient_sample: true; reason: InsufficientSampleReason }
  | {
      insufficient_sample: false
      reason: null
      /** Treated minus holdout conversion rate (two-proportion z-test). */
      conversion: { difference: number; ci95: [number, number]; p_value: number }
      revenue: IncrementalRevenue[]
    }

/**
 * What the texts add: treated against holdout recoveries, conversion by the two-proportion
 * test and revenue per eligible recovery by Welch's test, one currency at a time. Below the
 * minimum sample it says which minimum is not met instead of a number that would mislead.
 */
export function compareArms(treated: ArmOutcome, holdout: ArmOutcome): IncrementalResult {
  if (holdout.recoveries < MIN_RECOVERIES_PER_ARM) {
    return { insufficient_sample: true, reason: "too_few_holdout_recoveries" }
  }
  if (treated.recoveries < MIN_RECOVERIES_PER_ARM) {
    return { insufficient_sample: true, reason: "too_few_treated_recoveries" }
  }
  const conversion = compareProportions(
    { successes: holdout.conversions, trials: holdout.recoveries },
    { successes: treated.conversions, trials: treated.recoveries }
  )
  if (!conversion.enough_data) {
    return { insufficient_sample: true, reason: "too_few_conversions" }
  }
  const currencies = [...new Set([...treated.revenue, ...holdout.revenue].map((row) => row.currency_code))].sort()
  return {
    insufficient_sample: false,
    reason: null,
    conversion: { difference: conversion.difference, ci95: conversion.ci95, p_value: conversion.p_value },
    revenue: currencies.map((currency) => incrementalRevenue(currency, treated, holdout)),
  }
}

function incrementalRevenue(currency: string, treated: ArmOutcome, holdout: ArmOutcome): IncrementalRevenue {
  const sample = (arm: ArmOutcome): MeanSample => {
    const row = arm.revenue.find((revenue) => revenue.currency_code === currency)
    return { n: arm.recoveries, sum: row?.sum ?? 0, sum_of_squares: row?.sum_of_squares ?? 0 }
  }
  const holdoutSample = sample(holdout)
  const treatedSample = sample(treated)
  const comparison = compareMeans(holdoutSample, treatedSample, MIN_RECOVERIES_PER_ARM)
  const treatedMean = treatedSample.sum / treatedSample.n
  const holdoutMean = holdoutSample.sum / holdoutSample.n
  return {
    currency_code: currency,
    treated_per_recovery: treatedMean,
    holdout_per_recovery: holdoutMean,
    incremental_per_recovery: treatedMean - holdoutMean,
    ci95: comparison.enough_data ? comparison.ci95 : null,
    p_value: comparison.enough_data ? comparison.p_value : null,
  }
}
