import { compareProportions, standardNormalCdf } from "../significance"

describe("compareProportions", () => {
  /*
   * 20/200 (10 %) against 34/200 (17 %), by hand:
   *   pooled p = 54/400 = 0.135; SE = √(0.135 · 0.865 · (1/200 + 1/200)) = 0.0341724
   *   z = 0.07 / 0.0341724 = 2.04844; p = 2 · (1 − Φ(2.04844)) = 0.04052
   *   unpooled SE = √(0.1 · 0.9/200 + 0.17 · 0.83/200) = 0.0331264
   *   95 % CI = 0.07 ± 1.95996 · 0.0331264 = [0.00338, 0.13662]
   */
  it("matches a hand-computed test where the challenger wins", () => {
    const result = compareProportions({ successes: 20, trials: 200 }, { successes: 34, trials: 200 })
    expect(result.enough_data).toBe(true)
    if (!result.enough_data) return
    expect(result.difference).toBeCloseTo(0.07, 10)
    expect(result.z).toBeCloseTo(2.04844, 4)
    expect(result.p_value).toBeCloseTo(0.04052, 4)
    expect(result.ci95[0]).toBeCloseTo(0.00338, 4)
    expect(result.ci95[1]).toBeCloseTo(0.13662, 4)
  })

  /*
   * 120/1000 against 90/1000: pooled 0.105, SE = √(0.105 · 0.895 · 0.002) = 0.0137095,
   * z = −0.03 / 0.0137095 = −2.18827, p = 0.02865, CI = −0.03 ± 1.95996 · 0.0136917.
   */
  it("gives a negative z and interval when the challenger does worse", () => {
    const result = compareProportions({ successes: 120, trials: 1000 }, { successes: 90, trials: 1000 })
    if (!result.enough_data) throw new Error("expected a result")
    expect(result.z).toBeCloseTo(-2.18827, 4)
    expect(result.p_value).toBeCloseTo(0.02865, 4)
    expect(result.ci95[0]).toBeCloseTo(-0.05684, 4)
    expect(result.ci95[1]).toBeCloseTo(-0.00316, 4)
  })

  it("finds no difference between equal rates (z 0, p 1, symmetric interval)", () => {
    const result = compareProportions({ successes: 50, trials: 1000 }, { successes: 50, trials: 1000 })
    if (!result.enough_data) throw new Error("expected a result")
    expect(result.z).toBe(0)
    expect(result.p_value).toBeCloseTo(1, 6)
    expect(result.ci95[0]).toBeCloseTo(-0.0191034, 5)
    expect(result.ci95[1]).toBeCloseTo(0.0191034, 5)
  })

  it.each([
    ["a variant below 30 texts", { successes: 10, trials: 29 }, { successes: 10, trials: 100 }],
    ["fewer than 5 expected successes", { successes: 1, trials: 40 }, { successes: 2, trials: 40 }],
    ["fewer than 5 expected failures", { successes: 39, trials: 40 }, { successes: 38, trials: 40 }],
    ["no texts at all", { successes: 0, trials: 0 }, { successes: 0, trials: 0 }],
  ])("says there is not enough data with %s", (_label, baseline, challenger) => {
    expect(compareProportions(baseline, challenger)).toEqual({ enough_data: false })
  })

  it("runs the test at exactly the minimum sample", () => {
    // 30 texts each, pooled rate 10/60: 5 expected successes per variant.
    expect(compareProportions({ successes: 5, trials: 30 }, { successes: 5, trials: 30 }).enough_data).toBe(true)
  })
})

describe("standardNormalCdf", () => {
  it.each([
    [0, 0.5],
    [1.959964, 0.975],
    [-1.959964, 0.025],
    [1, 0.8413447],
    [-3, 0.0013499],
  ])("Φ(%d) = %d", (x, expected) => {
    expect(standardNormalCdf(x)).toBeCloseTo(expected, 6)
  })
})
