/** An order as a shopper's history counts it. */
export type HistoryOrder = { customer_id: string | null; status: string }

/** Orders that never became a purchase: a draft was never placed, a canceled one was undone. */
const NOT_PURCHASES = new Set(["draft", "canceled"])

/** Whether an order in this status is one the shopper placed and kept. */
export function isPurchase(status: string): boolean {
  return !NOT_PURCHASES.has(status)
}

/** Purchases per customer id; a customer without any is absent. */
export function purchasesPerCustomer(orders: HistoryOrder[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const order of orders) {
    if (order.customer_id && isPurchase(order.status)) {
      counts.set(order.customer_id, (counts.get(order.customer_id) ?? 0) + 1)
    }
  }
  return counts
}

/**
 * `is_returning` as a text reads it: `yes` once the shopper has a purchase, else empty, so that
 * `{{#if is_returning}}` is false for a first-time or unknown shopper.
 */
export function returningFlag(purchases: number | null | undefined): string {
  return purchases ? "yes" : ""
}
