import { lowestStock, variantAvailability, type VariantInventoryItem } from "../stock"

function item(overrides: Partial<VariantInventoryItem> = {}): VariantInventoryItem {
  return {
    variant_id: "variant_scarf",
    required_quantity: 1,
    manage_inventory: true,
    allow_backorder: false,
    levels: [{ location_id: "loc_shop", stocked_quantity: 10, reserved_quantity: 7 }],
    ...overrides,
  }
}

const SHOP = new Set(["loc_shop"])

describe("variantAvailability", () => {
  it("is stocked minus reserved", () => {
    expect(variantAvailability([item()], SHOP)).toEqual(new Map([["variant_scarf", 3]]))
  })

  it("sums the channel's locations and ignores the others", () => {
    const levels = [
      { location_id: "loc_shop", stocked_quantity: 4, reserved_quantity: 1 },
      { location_id: "loc_depot", stocked_quantity: 5, reserved_quantity: 0 },
      { location_id: "loc_other_channel", stocked_quantity: 100, reserved_quantity: 0 },
    ]
    expect(variantAvailability([item({ levels })], new Set(["loc_shop", "loc_depot"])).get("variant_scarf")).toBe(8)
  })

  it("sums every location when no channel narrows them", () => {
    const levels = [
      { location_id: "loc_shop", stocked_quantity: 4, reserved_quantity: 1 },
      { location_id: "loc_other_channel", stocked_quantity: 100, reserved_quantity: 0 },
    ]
    expect(variantAvailability([item({ levels })], null).get("variant_scarf")).toBe(103)
  })

  it("is 0 in a channel with no stock location", () => {
    expect(variantAvailability([item()], new Set()).get("variant_scarf")).toBe(0)
  })

  it.each([
    ["reserved beyond stock", 2, 5, 0],
    ["exactly sold out", 5, 5, 0],
  ])("never goes below 0: %s", (_label, stocked, reserved, expected) => {
    const levels = [{ location_id: "loc_shop", stocked_quantity: stocked, reserved_quantity: reserved }]
    expect(variantAvailability([item({ levels })], SHOP).get("variant_scarf")).toBe(expected)
  })

  it("divides by the units one variant uses, rounding down", () => {
    const levels = [{ location_id: "loc_shop", stocked_quantity: 7, reserved_quantity: 0 }]
    expect(variantAvailability([item({ levels, required_quantity: 2 })], SHOP).get("variant_scarf")).toBe(3)
  })

  it("takes the scarcest of a variant's inventory items (a kit)", () => {
    const kit = [
      item({ variant_id: "variant_kit", levels: [{ location_id: "loc_shop", stocked_quantity: 9, reserved_quantity: 0 }] }),
      item({ variant_id: "variant_kit", levels: [{ location_id: "loc_shop", stocked_quantity: 2, reserved_quantity: 0 }] }),
      item({ variant_id: "variant_kit", levels: [{ location_id: "loc_shop", stocked_quantity: 5, reserved_quantity: 0 }] }),
    ]
    expect(variantAvailability(kit, SHOP).get("variant_kit")).toBe(2)
  })

  it.each([
    ["does not manage inventory", { manage_inventory: false }],
    ["allows backorders", { allow_backorder: true }],
  ])("leaves out a variant that %s", (_label, overrides) => {
    expect(variantAvailability([item(overrides)], SHOP).has("variant_scarf")).toBe(false)
  })
})

describe("lowestStock", () => {
  const available = new Map([
    ["variant_scarf", 3],
    ["variant_tote", 8],
    ["variant_sold_out", 0],
  ])

  it("names the line with the fewest units left", () => {
    const lines = [
      { name: "Canvas Tote", variant_id: "variant_tote" },
      { name: "Wool Scarf", variant_id: "variant_scarf" },
    ]
    expect(lowestStock(lines, available)).toEqual({ quantity: 3, item: "Wool Scarf" })
  })

  it("skips lines whose stock is not tracked or that have no variant", () => {
    const lines = [
      { name: "Linen Shirt", variant_id: "variant_untracked" },
      { name: "Gift wrap", variant_id: null },
      { name: "Canvas Tote", variant_id: "variant_tote" },
    ]
    expect(lowestStock(lines, available)).toEqual({ quantity: 8, item: "Canvas Tote" })
  })

  it("reports a sold-out line as 0", () => {
    const lines = [
      { name: "Canvas Tote", variant_id: "variant_tote" },
      { name: "Last Lamp", variant_id: "variant_sold_out" },
    ]
    expect(lowestStock(lines, available)).toEqual({ quantity: 0, item: "Last Lamp" })
  })

  it("keeps the first line in cart order on a tie", () => {
    const lines = [
      { name: "Wool Scarf", variant_id: "variant_scarf" },
      { name: "Scarf, again", variant_id: "variant_scarf" },
    ]
    expect(lowestStock(lines, available)).toEqual({ quantity: 3, item: "Wool Scarf" })
  })

  it.each([
    ["no line tracked", [{ name: "Linen Shirt", variant_id: "variant_untracked" }]],
    ["no lines", []],
  ])("is null with %s", (_label, lines) => {
    expect(lowestStock(lines, available)).toBeNull()
  })
})
