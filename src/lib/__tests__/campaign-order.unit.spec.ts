import { byStepPosition, byVariantName, orderCampaignSteps } from "../campaign-order"

describe("byVariantName", () => {
  it.each([
    ["A", "B", -1],
    ["B", "A", 1],
    ["A", "A", 0],
    // Code units, not the locale: upper case sorts before lower case, accents after both.
    ["B", "a", -1],
    ["a", "B", 1],
    ["z", "é", -1],
    ["Control", "control", -1],
  ])("orders %s against %s as %i", (left, right, expected) => {
    expect(Math.sign(byVariantName({ name: left }, { name: right }))).toBe(expected)
  })

  it("puts a missing name first", () => {
    expect(byVariantName({ name: null }, { name: "A" })).toBe(-1)
    expect(byVariantName({ name: "A" }, { name: null })).toBe(1)
  })
})

describe("byStepPosition", () => {
  it("orders by position", () => {
    expect([{ position: 3 }, { position: 1 }, { position: 2 }].sort(byStepPosition)).toEqual([
      { position: 1 },
      { position: 2 },
      { position: 3 },
    ])
  })
})

describe("orderCampaignSteps", () => {
  it("orders steps by position and each step's variants by name, leaving the input as it was", () => {
    const steps = [
      { position: 2, variants: [{ name: "b" }, { name: "B" }] },
      { position: 1, variants: [{ name: "Winter" }, { name: "Control" }] },
    ]
    const ordered = orderCampaignSteps(steps)
    expect(ordered.map((step) => step.position)).toEqual([1, 2])
    expect(ordered.map((step) => step.variants.map((variant) => variant.name))).toEqual([
      ["Control", "Winter"],
      ["B", "b"],
    ])
    expect(steps[0].variants.map((variant) => variant.name)).toEqual(["b", "B"])
  })
})
