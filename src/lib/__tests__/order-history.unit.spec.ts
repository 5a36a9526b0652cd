import { isPurchase, purchasesPerCustomer, returningFlag } from "../order-history"

describe("order history", () => {
  it.each([
    ["pending", true],
    ["completed", true],
    ["requires_action", true],
    ["archived", true],
    ["canceled", false],
    ["draft", false],
  ])("counts an order that is %s as a purchase: %s", (status, expected) => {
    expect(isPurchase(status)).toBe(expected)
  })

  it("counts each customer's purchases, leaving out canceled orders, drafts and guests without a customer", () => {
    const orders = [
      { customer_id: "cus_ana", status: "completed" },
      { customer_id: "cus_ana", status: "pending" },
      { customer_id: "cus_ana", status: "canceled" },
      { customer_id: "cus_lee", status: "draft" },
      { customer_id: "cus_kim", status: "pending" },
      { customer_id: null, status: "completed" },
    ]
    expect(purchasesPerCustomer(orders)).toEqual(
      new Map([
        ["cus_ana", 2],
        ["cus_kim", 1],
      ])
    )
  })

  it.each([
    [3, "yes"],
    [1, "yes"],
    [0, ""],
    [null, ""],
    [undefined, ""],
  ])("is_returning for %p purchases is %j", (purchases, expected) => {
    expect(returningFlag(purchases)).toBe(expected)
  })
})
