import { formatMoney } from "./money"

export type IncentiveType = "percentage" | "fixed" | "free_shipping"

/**
 * How a text names an incentive: `10%`, `$5.00`, `free shipping`. The engine and the
 * template preview both write it through here, so a preview shows what is sent.
 */
export function incentiveLabel(type: IncentiveType, value: number, currencyCode: string): string {
  if (type === "free_shipping") {
    return "free shipping"
  }
  return type === "percentage" ? `${value}%` : formatMoney(value, currencyCode)
}

/** A code's last day as a text names it, "Nov 29", in the recipient's time zone. */
export function formatExpiryDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone }).format(at)
}

/** How a text names a cart line (`top_item`, `low_stock_item`): its product's title, else the line's own. */
export function itemName(line: { product_title?: string | null; title?: string | null }): string | null {
  return line.product_title || line.title || null
}
