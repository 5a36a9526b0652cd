import { incentiveCost, netFigures, SEGMENT_PRICE, textCost } from "../net-revenue"

describe("textCost", () => {
  it("prices each country's segments, exactly, and rounds once to the minor unit", () => {
    // US: 1234 · 0.0079 = 9.7486; GB: 56 · 0.035 = 1.96; FR has no price; unknown country none.
    // 9.7486 + 1.96 = 11.7086 → 11.71 USD.
    const segments = [
      { country: "US", segments: 1234 },
      { country: "GB", segments: 56 },
      { country: "FR", segments: 10 },
      { country: null, segments: 3 },
    ]
    expect(textCost(segments, { US: "0.0079", GB: "0.035" }, "usd")).toBe("11.71")
  })

  it("rounds half away from zero, and to the currency's own minor unit", () => {
    // 1 · 0.005 = 0.005 USD → 0.01; 3 · 0.4 JPY = 1.2 → 1 yen.
    expect(textCost([{ country: "US", segments: 1 }], { US: "0.005" }, "usd")).toBe("0.01")
    expect(textCost([{ country: "JP", segments: 3 }], { JP: "0.4" }, "jpy")).toBe("1")
  })

  it("costs nothing without prices", () => {
    expect(textCost([{ country: "US", segments: 1000 }], {}, "eur")).toBe("0.00")
  })

  it("accepts a price of up to six decimals only", () => {
    expect(SEGMENT_PRICE.test("0.000001")).toBe(true)
    expect(SEGMENT_PRICE.test("12")).toBe(true)
    for (const bad of ["0.0000001", "-1", "1e-3", ".5", "1.", "abc", ""]) {
      expect(SEGMENT_PRICE.test(bad)).toBe(false)
    }
    expect(() => textCost([{ country: "US", segments: 1 }], { US: "-1" }, "usd")).toThrow(/segment price/)
  })
})

describe("incentiveCost", () => {
  it("sums what the plugin's own codes took off, per currency", () => {
    const orders = [
      // 5.49 on an item and 4.99 of shipping from plugin codes; 3.00 from a store promotion.
      {
        currency_code: "usd",
        discounts: [
          { promotion_id: "promo_sms_1", amount: "5.49" },
          { promotion_id: "promo_sms_1", amount: 4.99 },
          { promotion_id: "promo_store", amount: "3" },
        ],
      },
      { currency_code: "USD", discounts: [{ promotion_id: "promo_sms_2", amount: { value: "0.02" } }] },
      { currency_code: "eur", discounts: [{ promotion_id: "promo_sms_3", amount: "10" }, { promotion_id: null, amount: "1" }] },
      { currency_code: "gbp", discounts: [] },
    ]
    const plugin = new Set(["promo_sms_1", "promo_sms_2", "promo_sms_3"])
    // USD: 5.49 + 4.99 + 0.02 = 10.50; EUR: 10.00; GBP: nothing, so no line.
    expect(incentiveCost(orders, plugin)).toEqual([
      { currency_code: "eur", amount: "10.00" },
      { currency_code: "usd", amount: "10.50" },
    ])
  })
})

describe("netFigures", () => {
  it("takes the incentives off their currency and the texts off the store's currency only", () => {
    // USD: 250.40 − 10.50 − 11.71 = 228.19. EUR: 100 − 10 = 90, no text cost (billed in USD).
    expect(
      netFigures(
        [
          { currency_code: "usd", amount: "250.4" },
          { currency_code: "eur", amount: "100" },
        ],
        [
          { currency_code: "eur", amount: "10.00" },
          { currency_code: "usd", amount: "10.50" },
        ],
        { currency_code: "usd", amount: "11.71" }
      )
    ).toEqual([
      { currency_code: "eur", attributed_revenue: "100.00", incentive_cost: "10.00", text_cost: "0.00", net: "90.00" },
      { currency_code: "usd", attributed_revenue: "250.40", incentive_cost: "10.50", text_cost: "11.71", net: "228.19" },
    ])
  })

  it("shows a loss when texts cost more than they brought, even with no revenue in that currency", () => {
    // GBP texts 3.20, no GBP revenue: net −3.20.
    expect(netFigures([{ currency_code: "usd", amount: "5" }], [], { currency_code: "gbp", amount: "3.20" })).toEqual([
      { currency_code: "gbp", attributed_revenue: "0.00", incentive_cost: "0.00", text_cost: "3.20", net: "-3.20" },
      { currency_code: "usd", attributed_revenue: "5.00", incentive_cost: "0.00", text_cost: "0.00", net: "5.00" },
    ])
  })

  it("has no lines when nothing was earned or spent", () => {
    expect(netFigures([], [], { currency_code: "usd", amount: "0.00" })).toEqual([])
  })
})
