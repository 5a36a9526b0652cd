import { formatExpiryDay, incentiveLabel, itemName } from "../reminder-format"

describe("reminder formatting", () => {
  it.each([
    ["percentage", 10, "usd", "10%"],
    ["fixed", 5, "usd", "$5.00"],
    ["fixed", 500, "jpy", "¥500"],
    ["free_shipping", 0, "eur", "free shipping"],
  ] as const)("names a %s incentive of %d %s as %s", (type, value, currency, label) => {
    expect(incentiveLabel(type, value, currency)).toBe(label)
  })

  it("names the expiry day in the recipient's time zone", () => {
    const at = new Date("2026-11-30T02:00:00.000Z")
    expect(formatExpiryDay(at, "America/New_York")).toBe("Nov 29")
    expect(formatExpiryDay(at, "Europe/London")).toBe("Nov 30")
  })

  it.each([
    [{ product_title: "Linen Shirt", title: "M" }, "Linen Shirt"],
    [{ product_title: null, title: "Gift wrap" }, "Gift wrap"],
    [{ product_title: "", title: "Gift wrap" }, "Gift wrap"],
    [{ product_title: null, title: null }, null],
  ])("names the line %j as %j", (line, expected) => {
    expect(itemName(line)).toBe(expected)
  })
})
