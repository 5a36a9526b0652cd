import { fromMinorUnits, toMinorUnits, type MoneyAmount } from "./money"

/**
 * What one billed SMS segment costs, per country (ISO 3166-1 alpha-2) of the number texted,
 * as a decimal string in major units of the store's default currency. A country left out
 * costs nothing.
 */
export type SegmentPrices = Record<string, string>

/**
 * A price with at most six decimals: carriers bill fractions of a cent (`"0.0079"`), and
 * six keep the arithmetic exact in integer millionths.
 */
export const SEGMENT_PRICE = /^\d{1,9}(\.\d{1,6})?$/

const PRICE_DECIMALS = 6

/** Segments billed for texts to numbers of one country; `null` when the number tells none. */
export type CountrySegments = { country: string | null; segments: number }

export type CurrencyAmount = { currency_code: string; amount: string }

/**
 * The texts' cost: segments × the country's price, summed exactly and rounded once, half away
 * from zero, to the currency's minor unit.
 */
export function textCost(segments: CountrySegments[], prices: SegmentPrices, currencyCode: string): string {
  let millionths = 0n
  for (const row of segments) {
    const price = row.country ? prices[row.country] : undefined
    if (price) {
      millionths += priceInMillionths(price) * BigInt(row.segments)
    }
  }
  return fromMinorUnits(toMinorUnits(`${millionths}e-${PRICE_DECIMALS}`, currencyCode), currencyCode)
}

function priceInMillionths(price: string): bigint {
  if (!SEGMENT_PRICE.test(price)) {
    throw new Error(`Invalid segment price "${price}": expected a decimal such as "0.0079"`)
  }
  const [whole, fraction = ""] = price.split(".")
  return BigInt(whole + fraction.padEnd(PRICE_DECIMALS, "0"))
}

/** A discount line of an order: what a promotion took off an item or a shipping method. */
export type OrderDiscount = { promotion_id: string | null; amount: MoneyAmount }

export type DiscountedOrder = { currency_code: string; discounts: OrderDiscount[] }

/**
 * The incentives' cost: what the plugin's own promotion codes took off the orders, per
 * currency. Discounts from the store's other promotions on the same orders are not the
 * texts' doing and are left out.
 */
export function incentiveCost(orders: DiscountedOrder[], pluginPromotionIds: ReadonlySet<string>): CurrencyAmount[] {
  const totals = new Map<string, bigint>()
  for (const order of orders) {
    const currency = order.currency_code.toLowerCase()
    for (const discount of order.discounts) {
      if (discount.promotion_id && pluginPromotionIds.has(discount.promotion_id)) {
        totals.set(currency, (totals.get(currency) ?? 0n) + toMinorUnits(discount.amount, currency))
      }
    }
  }
  return [...totals]
    .map(([currency_code, minor]) => ({ currency_code, amount: fromMinorUnits(minor, currency_code) }))
    .sort(byCurrency)
}

export type NetFigures = {
  currency_code: string
  attributed_revenue: string
  incentive_cost: string
  text_cost: string
  /** Attributed revenue minus the incentives' and the texts' cost. */
  net: string
}

/**
 * Net figures per currency. Revenue and incentives are in the orders' currencies; the texts
 * are billed in the store's default currency, so their cost comes off that currency's line
 * only, and the currencies are never added together.
 */
export function netFigures(
  revenue: CurrencyAmount[],
  incentives: CurrencyAmount[],
  texts: CurrencyAmount
): NetFigures[] {
  const textCurrency = texts.currency_code.toLowerCase()
  const currencies = new Set([...revenue, ...incentives].map((row) => row.currency_code.toLowerCase()))
  if (toMinorUnits(texts.amount, textCurrency) !== 0n) {
    currencies.add(textCurrency)
  }
  const amountIn = (rows: CurrencyAmount[], currency: string) =>
    rows
      .filter((row) => row.currency_code.toLowerCase() === currency)
      .reduce((sum, row) => sum + toMinorUnits(row.amount, currency), 0n)
  return [...currencies].sort().map((currency) => {
    const attributed = amountIn(revenue, currency)
    const incentive = amountIn(incentives, currency)
    const text = currency === textCurrency ? toMinorUnits(texts.amount, currency) : 0n
    const money = (minor: bigint) => fromMinorUnits(minor, currency)
    return {
      currency_code: currency,
      attributed_revenue: money(attributed),
      incentive_cost: money(incentive),
      text_cost: money(text),
      net: money(attributed - incentive - text),
    }
  })
}

function byCurrency(a: { currency_code: string }, b: { currency_code: string }): number {
  return a.currency_code.localeCompare(b.currency_code)
}
