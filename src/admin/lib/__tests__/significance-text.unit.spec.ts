import { describeComparison } from "../significance-text"
import type { VariantStats } from "../types"

const variant = (comparison: VariantStats["comparison"], name = "B") => ({ name, comparison }) as VariantStats

describe("describeComparison", () => {
  it("says how many points better, the p-value and the interval", () => {
    const text = describeComparison(
      variant({ baseline_variant_id: "v_a", enough_data: true, difference: 0.07, z: 2.048, p_value: 0.0405, ci95: [0.00338, 0.13662] }),
      "A"
    )
    expect(text).toBe("B converts 7 points better than A, p = 0.041 (95 % interval +0.3 to +13.7 points)")
  })

  it("says worse for a negative difference and rounds tiny p-values", () => {
    const text = describeComparison(
      variant({ baseline_variant_id: "v_a", enough_data: true, difference: -0.021, z: -4.1, p_value: 0.00004, ci95: [-0.031, -0.011] }),
      "A"
    )
    expect(text).toBe("B converts 2.1 points worse than A, p < 0.001 (95 % interval −3.1 to −1.1 points)")
  })

  it("names the baseline and the lack of data plainly", () => {
    expect(describeComparison(variant(null, "A"), "A")).toBe("Baseline")
    expect(describeComparison(variant({ baseline_variant_id: "v_a", enough_data: false }), "A")).toBe("Not enough data yet")
  })
})
