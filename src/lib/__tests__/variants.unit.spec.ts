import { pickVariant } from "../variants"

const variants = [
  { id: "a", weight: 1 },
  { id: "b", weight: 3 },
]

describe("pickVariant", () => {
  it("gives the same cart and step the same variant every time", () => {
    const first = pickVariant(variants, "cart_1:step:1")
    for (let i = 0; i < 20; i++) {
      expect(pickVariant(variants, "cart_1:step:1")).toBe(first)
    }
  })

  it.each([
    [[{ id: "a", weight: 1 }, { id: "b", weight: 1 }], { a: 0.5, b: 0.5 }],
    [[{ id: "a", weight: 1 }, { id: "b", weight: 3 }], { a: 0.25, b: 0.75 }],
    [[{ id: "a", weight: 70 }, { id: "b", weight: 20 }, { id: "c", weight: 10 }], { a: 0.7, b: 0.2, c: 0.1 }],
    [[{ id: "a", weight: 1 }, { id: "b", weight: 0 }], { a: 1, b: 0 }],
  ])("honours weights %j within ±2% over 10,000 carts", (weighted, shares) => {
    const counts: Record<string, number> = {}
    for (let i = 0; i < 10_000; i++) {
      const { id } = pickVariant(weighted, `cart_${i}:step:1`)
      counts[id] = (counts[id] ?? 0) + 1
    }
    for (const [id, share] of Object.entries(shares)) {
      expect(Math.abs((counts[id] ?? 0) / 10_000 - share)).toBeLessThanOrEqual(0.02)
    }
  })

  it("assigns a cart's steps independently", () => {
    const even = [
      { id: "a", weight: 1 },
      { id: "b", weight: 1 },
    ]
    let differ = 0
    for (let i = 0; i < 1_000; i++) {
      if (pickVariant(even, `cart_${i}:step:1`).id !== pickVariant(even, `cart_${i}:step:2`).id) {
        differ++
      }
    }
    expect(differ).toBeGreaterThan(400)
    expect(differ).toBeLessThan(600)
  })

  it("refuses a step without a variant that can be picked", () => {
    expect(() => pickVariant([], "x")).toThrow(/at least one variant/)
    expect(() => pickVariant([{ id: "a", weight: 0 }], "x")).toThrow(/at least one variant/)
  })
})
