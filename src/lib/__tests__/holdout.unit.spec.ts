import { holdoutBucket, isHeldOut } from "../holdout"

const SECRET = "a-test-secret-of-at-least-thirty-two-chars"

describe("holdoutBucket", () => {
  it("gives the same cart and campaign the same bucket every time", () => {
    const first = holdoutBucket(SECRET, "smscmp_1", "cart_1")
    for (let i = 0; i < 20; i++) {
      expect(holdoutBucket(SECRET, "smscmp_1", "cart_1")).toBe(first)
    }
  })

  it("stays within 0-99", () => {
    for (let i = 0; i < 10_000; i++) {
      const bucket = holdoutBucket(SECRET, "smscmp_1", `cart_${i}`)
      expect(Number.isInteger(bucket) && bucket >= 0 && bucket <= 99).toBe(true)
    }
  })

  it("spreads 10,000 carts evenly: every tenth of the range holds 10% ± 1.5%", () => {
    const tenths = new Array(10).fill(0)
    for (let i = 0; i < 10_000; i++) {
      tenths[Math.floor(holdoutBucket(SECRET, "smscmp_1", `cart_${i}`) / 10)]++
    }
    for (const count of tenths) {
      expect(Math.abs(count / 10_000 - 0.1)).toBeLessThanOrEqual(0.015)
    }
  })

  it("depends on the secret and on the campaign, so a cart is drawn afresh in each", () => {
    let otherSecret = 0
    let otherCampaign = 0
    for (let i = 0; i < 1_000; i++) {
      const bucket = holdoutBucket(SECRET, "smscmp_1", `cart_${i}`)
      otherSecret += bucket === holdoutBucket(`${SECRET}-2`, "smscmp_1", `cart_${i}`) ? 1 : 0
      otherCampaign += bucket === holdoutBucket(SECRET, "smscmp_2", `cart_${i}`) ? 1 : 0
    }
    // Chance agreement is 1%: far below the 100% an unkeyed or campaign-blind hash would give.
    expect(otherSecret).toBeLessThan(50)
    expect(otherCampaign).toBeLessThan(50)
  })
})

describe("isHeldOut", () => {
  it.each([10, 25, 50])("holds out %i%% of 10,000 carts, within ±2%", (percent) => {
    let held = 0
    for (let i = 0; i < 10_000; i++) {
      held += isHeldOut(SECRET, "smscmp_1", `cart_${i}`, percent) ? 1 : 0
    }
    expect(Math.abs(held / 10_000 - percent / 100)).toBeLessThanOrEqual(0.02)
  })

  it("holds out nobody at 0%", () => {
    for (let i = 0; i < 1_000; i++) {
      expect(isHeldOut(SECRET, "smscmp_1", `cart_${i}`, 0)).toBe(false)
    }
  })

  it("holds out exactly the carts whose bucket is below the percent", () => {
    for (let i = 0; i < 1_000; i++) {
      const bucket = holdoutBucket(SECRET, "smscmp_1", `cart_${i}`)
      expect(isHeldOut(SECRET, "smscmp_1", `cart_${i}`, 30)).toBe(bucket < 30)
    }
  })

  it("keeps a cart held out when the share grows: a larger holdout contains the smaller one", () => {
    for (let i = 0; i < 1_000; i++) {
      if (isHeldOut(SECRET, "smscmp_1", `cart_${i}`, 10)) {
        expect(isHeldOut(SECRET, "smscmp_1", `cart_${i}`, 20)).toBe(true)
      }
    }
  })
})
