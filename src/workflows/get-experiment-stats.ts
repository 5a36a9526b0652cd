import {
  createWorkflow,
  transform,
  when,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { useQueryGraphStep } from "@medusajs/medusa/core-flows"
import { incentiveCost, type CurrencyAmount, type OrderDiscount } from "../lib/net-revenue"
import {
  assembleExperimentStats,
  type DiscountedOrderRow,
  type ExperimentStats,
  type ExperimentStatsFilters,
} from "../modules/sms_recovery/queries/experiment-stats"
import { getExperimentRowsStep } from "./steps/get-experiment-rows"

/** The range and campaign of the experiment stats. */
export type GetExperimentStatsWorkflowInput = {
  /** Start of the half-open range: texts placed at or after it. */
  from: Date
  /** End of the half-open range: texts placed before it. */
  to: Date
  /** Only this campaign's recoveries; all campaigns when omitted. */
  campaign_id?: string
}

/** What a promotion took off an item or a shipping method, as Query returns it. */
type Adjustment = { promotion_id?: string | null; amount: OrderDiscount["amount"]; raw_amount?: OrderDiscount["amount"] | null }

type DiscountedOrder = {
  id: string
  currency_code: string
  items?: ({ adjustments?: Adjustment[] | null } | null)[] | null
  shipping_methods?: ({ adjustments?: Adjustment[] | null } | null)[] | null
}

type StoreCurrencies = { supported_currencies?: { currency_code: string; is_default?: boolean }[] | null }

const ORDER_DISCOUNT_FIELDS = [
  "id",
  "currency_code",
  "items.adjustments.promotion_id",
  "items.adjustments.amount",
  "items.adjustments.raw_amount",
  "shipping_methods.adjustments.promotion_id",
  "shipping_methods.adjustments.amount",
  "shipping_methods.adjustments.raw_amount",
]

export const getExperimentStatsWorkflowId = "get-sms-experiment-stats"
/**
 * This workflow measures what the reminder texts add, per campaign and per step: recoveries
 * whose step reached its send time in the range, texted against held out, with conversion,
 * revenue per eligible recovery and the incremental revenue with a 95 % interval and p-values,
 * or the reason the sample is still too small. Each campaign also gets net figures: the texted
 * arm's credited revenue, less what the plugin's own incentive codes took off those orders
 * (read from the orders' adjustments through Query) and the texts' segments at the
 * campaign's price per country, in the store's default currency. It's used by the
 * `GET /admin/sms-recovery/experiments` API route.
 *
 * @example
 * const { result } = await getExperimentStatsWorkflow(container)
 * .run({
 *   input: {
 *     from: new Date("2026-11-01T00:00:00Z"),
 *     to: new Date("2026-12-01T00:00:00Z"),
 *   }
 * })
 *
 * @summary
 *
 * Compare texted and held-out recoveries, with net figures per campaign.
 */
export const getExperimentStatsWorkflow = createWorkflow(
  getExperimentStatsWorkflowId,
  (input: WorkflowData<GetExperimentStatsWorkflowInput>) => {
    const rows = getExperimentRowsStep(input)

    const { data: stores } = useQueryGraphStep({
      entity: "store",
      fields: ["supported_currencies.currency_code", "supported_currencies.is_default"],
    }).config({ name: "get-store-currencies" })

    const orderIds = transform({ rows }, ({ rows }) => [
      ...new Set(rows.discounted_orders.map((order) => order.order_id)),
    ])

    const discountedOrders = when("has-discounted-orders", { orderIds }, ({ orderIds }) => orderIds.length > 0).then(
      () =>
        useQueryGraphStep({
          entity: "order",
          fields: ORDER_DISCOUNT_FIELDS,
          filters: { id: orderIds },
        }).config({ name: "get-discounted-orders" })
    )

    const stats = transform(
      { input, rows, stores, discountedOrders },
      ({ input, rows, stores, discountedOrders }): ExperimentStats => {
        const filters: ExperimentStatsFilters = {
          from: new Date(input.from),
          to: new Date(input.to),
          ...(input.campaign_id ? { campaign_id: input.campaign_id } : {}),
        }
        const orders = (discountedOrders?.data ?? []) as unknown as DiscountedOrder[]
        return assembleExperimentStats(filters, rows, {
          currency_code: defaultCurrency(stores as unknown as StoreCurrencies[]),
          incentives: incentivesByCampaign(rows.discounted_orders, orders),
        })
      }
    )

    return new WorkflowResponse(stats)
  }
)

/** The store's default currency; its first one, or USD, in a store that has not set one. */
function defaultCurrency(stores: StoreCurrencies[]): string {
  const currencies = stores.flatMap((store) => store.supported_currencies ?? [])
  const chosen = currencies.find((currency) => currency.is_default) ?? currencies[0]
  return (chosen?.currency_code ?? "usd").toLowerCase()
}

/** Per campaign, what the promotions the plugin sent each order's recovery took off it. */
function incentivesByCampaign(rows: DiscountedOrderRow[], orders: DiscountedOrder[]): Map<string, CurrencyAmount[]> {
  const byId = new Map(orders.map((order) => [order.id, order]))
  const campaigns = [...new Set(rows.map((row) => row.campaign_id))]
  return new Map(
    campaigns.map((campaignId) => {
      const own = rows.filter((row) => row.campaign_id === campaignId && byId.has(row.order_id))
      const discounted = own.map((row) => {
        const order = byId.get(row.order_id)!
        const adjustments = [...(order.items ?? []), ...(order.shipping_methods ?? [])].flatMap(
          (line) => line?.adjustments ?? []
        )
        return {
          currency_code: order.currency_code,
          discounts: adjustments.map((adjustment) => ({
            promotion_id: adjustment.promotion_id ?? null,
            amount: adjustment.raw_amount ?? adjustment.amount,
          })),
        }
      })
      return [campaignId, incentiveCost(discounted, new Set(own.flatMap((row) => row.promotion_ids)))]
    })
  )
}
