/** Successes out of trials: orders credited out of texts sent, for one variant. */
export type ProportionSample = {
  successes: number
  trials: number
}

/**
 * Below this many texts per variant, or fewer than this many expected successes and failures
 * per variant, the normal approximation behind the test is not trustworthy.
 */
export const MIN_TEXTS_PER_VARIANT = 30
export const MIN_EXPECTED_OUTCOMES = 5

/** The two-sided 97.5th percentile of the standard normal distribution. */
const Z_95 = 1.959963984540054

export type ProportionComparison =
  | { enough_data: false }
  | {
      enough_data: true
      /** Rate of the challenger minus rate of the baseline, as a fraction (0.021 = 2.1 points). */
      difference: number
      /** Pooled two-proportion z statistic; positive when the challenger does better. */
      z: number
      /** Two-sided. */
      p_value: number
      /** 95 % confidence interval of `difference` (unpooled standard error). */
      ci95: [number, number]
    }

/**
 * Two-proportion z-test of `challenger` against `baseline`: whether their rates differ beyond
 * chance, and by how much. Returns `enough_data: false` below the minimum sample.
 */
export function compareProportions(
  baseline: ProportionSample,
  challenger: ProportionSample
): ProportionComparison {
  if (!hasEnoughData(baseline, challenger)) {
    return { enough_data: false }
  }
  const rateA = baseline.successes / baseline.trials
  const rateB = challenger.successes / challenger.trials
  const pooled = (baseline.successes + challenger.successes) / (baseline.trials + challenger.trials)
  const pooledError = Math.sqrt(pooled * (1 - pooled) * (1 / baseline.trials + 1 / challenger.trials))
  const difference = rateB - rateA
  const z = difference / pooledError
  const unpooledError = Math.sqrt(
    (rateA * (1 - rateA)) / baseline.trials + (rateB * (1 - rateB)) / challenger.trials
  )
  return {
    enough_data: true,
    difference,
    z,
    p_value: Math.min(1, 2 * (1 - standardNormalCdf(Math.abs(z)))),
    ci95: [difference - Z_95 * unpooledError, difference + Z_95 * unpooledError],
  }
}

function hasEnoughData(baseline: ProportionSample, challenger: ProportionSample): boolean {
  const trials = baseline.trials + challenger.trials
  if (baseline.trials < MIN_TEXTS_PER_VARIANT || challenger.trials < MIN_TEXTS_PER_VARIANT) {
    return false
  }
  const pooled = (baseline.successes + challenger.successes) / trials
  return [baseline.trials, challenger.trials].every(
    (n) => n * pooled >= MIN_EXPECTED_OUTCOMES && n * (1 - pooled) >= MIN_EXPECTED_OUTCOMES
  )
}

/** Φ(x) through erf, with the Abramowitz–Stegun 7.1.26 approximation (error below 1.5e-7). */
export function standardNormalCdf(x: number): number {
  return 0.5 * (1 + erf(x / Math.SQRT2))
}

function erf(x: number): number {
  const sign = x < 0 ? -1 : 1
  const t = 1 / (1 + 0.3275911 * Math.abs(x))
  const polynomial =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
  return sign * (1 - polynomial * Math.exp(-x * x))
}
