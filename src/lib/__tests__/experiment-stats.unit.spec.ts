import {
  compareArms,
  compareMeans,
  logGamma,
  regularizedIncompleteBeta,
  studentTCdf,
  studentTQuantile,
  summarize,
} from "../experiment-stats"

/** A group of `n` with the given mean and sample variance, as its SQL aggregates would be. */
function aggregates(n: number, mean: number, variance: number) {
  // Σx = n·mean; Σx² = (n − 1)·s² + n·mean²
  return { n, sum: n * mean, sum_of_squares: (n - 1) * variance + n * mean * mean }
}

describe("Student's t distribution", () => {
  it.each([
    // Textbook t-table values (two-sided 5 %, 1 %, 10 %).
    [0.975, 10, 2.228139],
    [0.975, 30, 2.042272],
    [0.975, 60, 2.000298],
    [0.975, 2, 4.302653],
    [0.995, 5, 4.032143],
    [0.95, 1, 6.313752],
  ])("has the table's quantile t(%f, %i) = %f", (p, df, expected) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(expected, 5)
    expect(studentTQuantile(1 - p, df)).toBeCloseTo(-expected, 5)
  })

  it("tends to the normal distribution as the degrees of freedom grow", () => {
    expect(studentTQuantile(0.975, 1e7)).toBeCloseTo(1.959964, 5)
  })

  it("matches the closed forms for 1 and 2 degrees of freedom", () => {
    // df = 1 (Cauchy): F(t) = 1/2 + atan(t)/π, so F(1) = 1/2 + (π/4)/π = 0.75.
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 10)
    // df = 2: F(t) = 1/2 + t / (2√(2 + t²)), so F(1) = 1/2 + 1/(2√3) = 0.7886751.
    expect(studentTCdf(1, 2)).toBeCloseTo(0.5 + 1 / (2 * Math.sqrt(3)), 10)
    expect(studentTCdf(-1, 2)).toBeCloseTo(0.5 - 1 / (2 * Math.sqrt(3)), 10)
    expect(studentTCdf(0, 7)).toBe(0.5)
  })

  it("inverts its CDF", () => {
    for (const df of [1, 3.5, 12, 85.437]) {
      for (const p of [0.01, 0.3, 0.9, 0.999]) {
        expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 9)
      }
    }
    expect(studentTQuantile(0.5, 4)).toBe(0)
    expect(() => studentTQuantile(1, 4)).toThrow(RangeError)
    expect(() => studentTQuantile(0.5, 0)).toThrow(RangeError)
  })

  it("rests on a correct incomplete beta and log-gamma", () => {
    // I_x(1, 1) = x; I_x(a, 1) = x^a; I_½(a, a) = ½ by symmetry.
    expect(regularizedIncompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12)
    expect(regularizedIncompleteBeta(0.6, 3, 1)).toBeCloseTo(0.216, 12)
    expect(regularizedIncompleteBeta(0.5, 7.5, 7.5)).toBeCloseTo(0.5, 12)
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0)
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1)
    // Γ(5) = 4! = 24; Γ(½) = √π; Γ(0.25) through the reflection formula = 3.6256099.
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12)
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12)
    expect(Math.exp(logGamma(0.25))).toBeCloseTo(3.6256099082, 8)
  })
})

describe("summarize", () => {
  it("recovers the mean and sample variance from count, sum and sum of squares", () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: Σx = 40, Σx² = 232; mean 5; s² = (232 − 40·5) / 7 = 32/7.
    const result = summarize({ n: 8, sum: 40, sum_of_squares: 232 })
    expect(result.mean).toBe(5)
    expect(result.variance).toBeCloseTo(32 / 7, 12)
  })

  it("never gives a negative variance from rounding", () => {
    // Three equal values 1, 1, 1 whose Σx² came back a hair under Σx·mean = 3.
    expect(summarize({ n: 3, sum: 3, sum_of_squares: 3 - 1e-12 }).variance).toBe(0)
  })
})

describe("compareMeans (Welch)", () => {
  /*
   * Holdout: 40 carts, mean 10, s² = 4  → Σx = 400, Σx² = 39·4 + 40·100 = 4156.
   * Treated: 50 carts, mean 12, s² = 9  → Σx = 600, Σx² = 49·9 + 50·144 = 7641.
   *   s²/n: 4/40 = 0.1 and 9/50 = 0.18; SE = √(0.1 + 0.18) = √0.28 = 0.5291503
   *   df = 0.28² / (0.1²/39 + 0.18²/49) = 0.0784 / (0.00025641 + 0.00066122) = 85.43704
   *   t = (12 − 10) / 0.5291503 = 3.779645
   *   t(0.975, 85.437) = 1.98812 (the table brackets it: 1.990063 at 80, 1.986675 at 90)
   *   95 % CI = 2 ± 1.98812 · 0.5291503 = [0.94799, 3.05201]
   *   p = 2 · P(T₈₅.₄₄ > 3.779645) = 0.00029003 (R: 2 * pt(-3.779645, 85.43704))
   */
  it("matches a hand-computed test with unequal sizes and variances", () => {
    const result = compareMeans({ n: 40, sum: 400, sum_of_squares: 4156 }, { n: 50, sum: 600, sum_of_squares: 7641 })
    if (!result.enough_data) throw new Error("expected a result")
    expect(result.baseline_mean).toBe(10)
    expect(result.challenger_mean).toBe(12)
    expect(result.difference).toBeCloseTo(2, 12)
    expect(result.standard_error).toBeCloseTo(0.5291503, 6)
    expect(result.degrees_of_freedom).toBeCloseTo(85.43704, 4)
    expect(result.t).toBeCloseTo(3.779645, 5)
    expect(result.ci95[0]).toBeCloseTo(0.94799, 4)
    expect(result.ci95[1]).toBeCloseTo(3.05201, 4)
    expect(result.p_value).toBeCloseTo(0.00029003, 7)
  })

  /*
   * Two groups of 31 with s² = 15.5: s²/n = 0.5 each, SE = √(0.5 + 0.5) = 1,
   * df = 1² / (0.5²/30 + 0.5²/30) = 1 / (0.5/30) = 60 exactly.
   * A difference of exactly t(0.975, 60) = 2.000298 standard errors is the edge of
   * significance: t = 2.000298, p = 0.05, and the interval 2.000298 ± 2.000298 · 1 starts at 0.
   */
  it("puts a difference of exactly the critical t on the edge: p = 0.05 and the interval touching 0", () => {
    const critical60 = 2.0002978220142604
    const result = compareMeans(aggregates(31, 10, 15.5), aggregates(31, 10 + critical60, 15.5))
    if (!result.enough_data) throw new Error("expected a result")
    expect(result.standard_error).toBeCloseTo(1, 10)
    expect(result.degrees_of_freedom).toBeCloseTo(60, 8)
    expect(result.t).toBeCloseTo(critical60, 8)
    expect(result.p_value).toBeCloseTo(0.05, 8)
    expect(result.ci95[0]).toBeCloseTo(0, 8)
    expect(result.ci95[1]).toBeCloseTo(2 * critical60, 8)
  })

  it("gives a negative t and interval when the challenger's mean is lower, with the same p", () => {
    const higher = compareMeans(aggregates(40, 10, 4), aggregates(50, 12, 9))
    const lower = compareMeans(aggregates(40, 12, 4), aggregates(50, 10, 9))
    if (!higher.enough_data || !lower.enough_data) throw new Error("expected results")
    expect(lower.t).toBeCloseTo(-3.779645, 5)
    expect(lower.p_value).toBeCloseTo(higher.p_value, 12)
    expect(lower.ci95[0]).toBeCloseTo(-3.05201, 4)
    expect(lower.ci95[1]).toBeCloseTo(-0.94799, 4)
  })

  it("finds no difference between equal means: t 0, p 1", () => {
    const result = compareMeans(aggregates(30, 7, 2), aggregates(30, 7, 2))
    if (!result.enough_data) throw new Error("expected a result")
    expect(result.t).toBeCloseTo(0, 10)
    expect(result.p_value).toBeCloseTo(1, 10)
    expect(result.ci95[0]).toBeCloseTo(-result.ci95[1], 10)
  })

  it.each([
    ["a group below 30", aggregates(29, 10, 4), aggregates(100, 12, 4)],
    ["an empty group", { n: 0, sum: 0, sum_of_squares: 0 }, aggregates(100, 12, 4)],
    ["no variation in either group", aggregates(50, 0, 0), aggregates(50, 0, 0)],
  ])("says there is not enough data with %s", (_label, baseline, challenger) => {
    expect(compareMeans(baseline, challenger)).toEqual({ enough_data: false })
  })

  it("runs at exactly the minimum sample, and honours a caller's own minimum", () => {
    expect(compareMeans(aggregates(30, 10, 4), aggregates(30, 11, 4)).enough_data).toBe(true)
    expect(compareMeans(aggregates(30, 10, 4), aggregates(30, 11, 4), 100).enough_data).toBe(false)
    // Welch needs a variance per group, so never fewer than 2, whatever the caller asks.
    expect(compareMeans({ n: 1, sum: 5, sum_of_squares: 25 }, aggregates(30, 11, 4), 1).enough_data).toBe(false)
  })

  it("treats revenue per cart, mostly zeros, from its aggregates", () => {
    // Holdout: 200 carts, 10 ordered 5000 each. Treated: 800 carts, 60 ordered 5000 each.
    // Holdout: mean 250, s² = (10·5000² − 200·250²) / 199 = (250,000,000 − 12,500,000) / 199 = 1,193,467.34
    // Treated: mean 375, s² = (60·5000² − 800·375²) / 799 = (1,500,000,000 − 112,500,000) / 799 = 1,736,545.68
    // SE = √(1,193,467.34/200 + 1,736,545.68/800) = √(5967.337 + 2170.682) = √8138.019 = 90.2110
    // t = 125 / 90.2110 = 1.385641
    const result = compareMeans(
      { n: 200, sum: 50_000, sum_of_squares: 10 * 5000 ** 2 },
      { n: 800, sum: 300_000, sum_of_squares: 60 * 5000 ** 2 }
    )
    if (!result.enough_data) throw new Error("expected a result")
    expect(result.difference).toBe(125)
    expect(result.standard_error).toBeCloseTo(90.211, 3)
    expect(result.t).toBeCloseTo(1.385641, 5)
    expect(result.p_value).toBeGreaterThan(0.05)
    expect(result.ci95[0]).toBeLessThan(0)
  })
})

describe("compareArms (treated against holdout)", () => {
  /*
   * Holdout: 100 eligible recoveries, 5 ordered 40.00 USD each. Treated: 200, 30 ordered 40.00
   * USD each, and 4 of the treated also ordered 25.00 EUR.
   *
   * Conversion (two-proportion z): 5/100 = 0.05 against 30/200 = 0.15, difference 0.10.
   *   pooled 35/300 = 0.1166667; SE = √(0.1166667 · 0.8833333 · (1/100 + 1/200)) = 0.0393171
   *   z = 0.10 / 0.0393171 = 2.543423; p = 2 · (1 − Φ(2.543423)) = 0.010977
   *   unpooled SE = √(0.05 · 0.95/100 + 0.15 · 0.85/200) = 0.0333542
   *   95 % CI = 0.10 ± 1.959964 · 0.0333542 = [0.034627, 0.165373]
   * USD per eligible recovery (Welch): holdout 200/100 = 2.00, treated 1200/200 = 6.00.
   *   holdout s² = (5 · 1600 − 200 · 2) / 99 = 7600/99 = 76.767677
   *   treated s² = (30 · 1600 − 1200 · 6) / 199 = 40800/199 = 205.025126
   *   SE = √(76.767677/100 + 205.025126/200) = √(0.767677 + 1.025126) = 1.338956
   *   df = 1.792803² / (0.767677²/99 + 1.025126²/199) = 3.214142 / 0.011234 = 286.118
   *   t = 4 / 1.338956 = 2.987403; t(0.975, 286.118) = 1.968290
   *   95 % CI = 4 ± 1.968290 · 1.338956 = [1.364547, 6.635453]; p = 0.0030574 (scipy)
   * EUR per eligible recovery: holdout 0, treated 100/200 = 0.50.
   *   holdout s² = 0; treated s² = (4 · 625 − 100 · 0.5) / 199 = 2450/199 = 12.311558
   *   SE = √(12.311558/200) = 0.248108; df = 199 (the holdout adds no variance)
   *   t = 0.5 / 0.248108 = 2.015248; t(0.975, 199) = 1.971957
   *   95 % CI = 0.5 ± 1.971957 · 0.248108 = [0.010741, 0.989259]; p = 0.045224 (scipy)
   */
  it("matches a hand-computed holdout comparison in two currencies", () => {
    const result = compareArms(
      {
        recoveries: 200,
        conversions: 30,
        revenue: [
          { currency_code: "usd", sum: 1200, sum_of_squares: 30 * 40 ** 2 },
          { currency_code: "eur", sum: 100, sum_of_squares: 4 * 25 ** 2 },
        ],
      },
      { recoveries: 100, conversions: 5, revenue: [{ currency_code: "usd", sum: 200, sum_of_squares: 5 * 40 ** 2 }] }
    )
    if (result.insufficient_sample) throw new Error("expected a result")
    expect(result.conversion.difference).toBeCloseTo(0.1, 10)
    expect(result.conversion.p_value).toBeCloseTo(0.010977, 5)
    expect(result.conversion.ci95[0]).toBeCloseTo(0.034627, 5)
    expect(result.conversion.ci95[1]).toBeCloseTo(0.165373, 5)
    expect(result.revenue.map((row) => row.currency_code)).toEqual(["eur", "usd"])
    const [eur, usd] = result.revenue
    expect(usd.treated_per_recovery).toBe(6)
    expect(usd.holdout_per_recovery).toBe(2)
    expect(usd.incremental_per_recovery).toBe(4)
    expect(usd.ci95![0]).toBeCloseTo(1.364547, 5)
    expect(usd.ci95![1]).toBeCloseTo(6.635453, 5)
    expect(usd.p_value).toBeCloseTo(0.0030574, 6)
    expect(eur.holdout_per_recovery).toBe(0)
    expect(eur.incremental_per_recovery).toBe(0.5)
    expect(eur.ci95![0]).toBeCloseTo(0.010741, 5)
    expect(eur.ci95![1]).toBeCloseTo(0.989259, 5)
    expect(eur.p_value).toBeCloseTo(0.045224, 5)
  })

  /*
   * Holdout 30 with 4 orders of 50, treated 40 with 8 of 50: pooled rate 12/70 = 0.171429, so
   * 30 · 0.171429 = 5.14 expected conversions in the holdout, just enough.
   *   USD: means 6.666667 and 10; s² 298.850575 and 410.256410; SE = 4.496454;
   *   df = 66.8016; t = 0.741325; 95 % CI = 3.333333 ± 1.996117 · 4.496454 = [−5.642116, 12.308782];
   *   p = 0.461095. Conversion: p = 0.463929.
   */
  it("reports a difference that is not significant as such", () => {
    const result = compareArms(
      { recoveries: 40, conversions: 8, revenue: [{ currency_code: "usd", sum: 400, sum_of_squares: 8 * 2500 }] },
      { recoveries: 30, conversions: 4, revenue: [{ currency_code: "usd", sum: 200, sum_of_squares: 4 * 2500 }] }
    )
    if (result.insufficient_sample) throw new Error("expected a result")
    expect(result.conversion.p_value).toBeCloseTo(0.463929, 5)
    const [usd] = result.revenue
    expect(usd.incremental_per_recovery).toBeCloseTo(3.333333, 5)
    expect(usd.ci95![0]).toBeCloseTo(-5.642116, 5)
    expect(usd.ci95![1]).toBeCloseTo(12.308782, 5)
    expect(usd.p_value).toBeCloseTo(0.461095, 5)
  })

  it.each([
    ["too_few_holdout_recoveries", { recoveries: 500, conversions: 50 }, { recoveries: 29, conversions: 5 }],
    ["too_few_treated_recoveries", { recoveries: 29, conversions: 5 }, { recoveries: 500, conversions: 50 }],
    // Pooled 11/70: the holdout's 30 would expect 4.7 conversions, under 5.
    ["too_few_conversions", { recoveries: 40, conversions: 8 }, { recoveries: 30, conversions: 3 }],
    ["too_few_conversions", { recoveries: 400, conversions: 0 }, { recoveries: 100, conversions: 0 }],
  ])("says the sample is too small (%s)", (reason, treated, holdout) => {
    const revenue = [{ currency_code: "usd", sum: 100, sum_of_squares: 10_000 }]
    expect(compareArms({ ...treated, revenue }, { ...holdout, revenue })).toEqual({
      insufficient_sample: true,
      reason,
    })
  })
})
