import { targetingSummary } from "../targeting-summary"
import type { TargetingOptions } from "../types"

const anyCart = {
  region_ids: [],
  currency_codes: [],
  sales_channel_ids: [],
  customer_group_ids: [],
  customer_type: "any" as const,
  min_cart_total: null,
  max_cart_total: null,
}

const options: TargetingOptions = {
  regions: [{ id: "reg_eu", name: "Europe", currency_code: "eur" }],
  sales_channels: [{ id: "sc_web", name: "Webshop" }],
  customer_groups: [{ id: "cusgroup_vip", name: "VIP" }],
}

describe("targeting summary", () => {
  it("says nothing for a campaign that takes any cart", () => {
    expect(targetingSummary(anyCart, options)).toEqual([])
  })

  it("names each criterion, with the store's names and upper-case currencies", () => {
    expect(
      targetingSummary(
        {
          region_ids: ["reg_eu", "reg_gone"],
          currency_codes: ["eur", "usd"],
          sales_channel_ids: ["sc_web"],
          customer_group_ids: ["cusgroup_vip"],
          customer_type: "returning",
          min_cart_total: 50,
          max_cart_total: 500,
        },
        options
      )
    ).toEqual([
      "Regions: Europe, reg_gone",
      "Currencies: EUR, USD",
      "Sales channels: Webshop",
      "Customer groups: VIP",
      "Returning customers",
      "Cart total 50 to 500",
    ])
  })

  it.each([
    [{ customer_type: "new" as const }, ["New customers"]],
    [{ min_cart_total: 20 }, ["Cart total at least 20"]],
    [{ max_cart_total: 0 }, ["Cart total at most 0"]],
    [{ sales_channel_ids: ["sc_web"] }, ["Sales channels: sc_web"]],
  ])("shows %j without the names loaded as %j", (criteria, lines) => {
    expect(targetingSummary({ ...anyCart, ...criteria })).toEqual(lines)
  })
})
