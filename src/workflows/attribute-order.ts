import { MathBN } from "@medusajs/framework/utils"
import {
  createWorkflow,
  transform,
  when,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { emitEventStep, useQueryGraphStep } from "@medusajs/medusa/core-flows"
import { chooseAttribution } from "../lib/attribution"
import { SmsRecoveryEvents } from "../modules/sms_recovery/events"
import type { CreatedAttribution, NewAttribution } from "../modules/sms_recovery/queries"
import { createAttributionStep } from "./steps/create-attribution"
import { listAttributionCandidatesStep } from "./steps/list-attribution-candidates"
import { settleOrderRecoveriesStep } from "./steps/settle-order-recoveries"

/**
 * The payload of `sms_recovery.recovered`.
 */
export type SmsRecoveryRecoveredEventData = {
  /**
   * The recovery credited with the order.
   */
  id: string
  /**
   * The order's ID.
   */
  order_id: string
  /**
   * `click` when the shopper clicked the text's link, `view` when the text was only delivered,
   * `holdout` when the recovery was held out and the order came without any text: it measures
   * what the store sells without reminders, and no text earned it.
   */
  model: "click" | "view" | "holdout"
  /**
   * The order total in major units, as an exact decimal string (e.g. `"54.90"`).
   */
  amount: string
  /**
   * The order's currency.
   */
  currency_code: string
}

/**
 * The order to attribute.
 */
export type AttributeOrderWorkflowInput = {
  /**
   * The ID of the placed order.
   */
  order_id: string
}

/**
 * The attribution written for the order, if this run wrote one.
 */
export type AttributeOrderWorkflowOutput = {
  /**
   * Null when no text qualifies, or when the order was already attributed.
   */
  attribution: CreatedAttribution | null
}

const ORDER_FIELDS = [
  "id",
  "total",
  "raw_total",
  "currency_code",
  "customer_id",
  "created_at",
  "cart.id",
  "shipping_address.phone",
  "shipping_address.country_code",
  "billing_address.phone",
  "billing_address.country_code",
]

type OrderAddress = { phone?: string | null; country_code?: string | null } | null

type AttributableOrder = {
  id: string
  total: unknown
  raw_total?: { value: string | number } | null
  currency_code: string
  customer_id: string | null
  created_at: Date | string
  cart?: { id: string } | null
  shipping_address?: OrderAddress
  billing_address?: OrderAddress
}

/** Medusa's exact decimal for the total; the float in `total` only as a last resort. */
function exactTotal(order: AttributableOrder): string {
  return MathBN.convert((order.raw_total ?? order.total) as number).toFixed()
}

export const attributeOrderWorkflowId = "attribute-sms-recovery-order"
/**
 * This workflow credits a placed order to the cart-recovery text that brought the shopper
 * back, and ends the recoveries the order ends. It's run by the plugin's `order.placed`
 * subscriber.
 *
 * Texts sent before the order to the order's cart are considered first, then texts to the
 * same customer or phone about other carts. The order is attributed to the latest click
 * inside the campaign's click window (`click`), else to the latest delivery inside its view
 * window (`view`); a text with no delivery report counts as delivered when sent. Failing
 * both, an order placed within the click window after a text a held-out recovery would have
 * sent is attributed to that held-out text (`holdout`), so the holdout's conversions are
 * measured with the same windows as the texts'. An order gets at most one attribution, however often the workflow runs for it, and its amount is
 * the order total as an exact decimal.
 *
 * The credited recovery becomes `recovered`, the cart's other open recoveries `completed`,
 * and none of them has a step pending. When it writes an attribution, the workflow emits
 * `sms_recovery.recovered`.
 *
 * @example
 * const { result } = await attributeOrderWorkflow(container)
 * .run({
 *   input: {
 *     order_id: "order_123",
 *   }
 * })
 *
 * @summary
 *
 * Credit an order to a recovery text and end the cart's recoveries.
 */
export const attributeOrderWorkflow = createWorkflow(
  attributeOrderWorkflowId,
  (input: WorkflowData<AttributeOrderWorkflowInput>) => {
    const orderQuery = useQueryGraphStep({
      entity: "order",
      fields: ORDER_FIELDS,
      filters: { id: input.order_id },
      options: { throwIfKeyNotFound: true },
    }).config({ name: "get-order" })

    const order = transform(
      { orderQuery },
      ({ orderQuery }) => orderQuery.data[0] as unknown as AttributableOrder
    )

    const lookup = transform({ order }, ({ order }) => {
      const address = order.shipping_address?.phone ? order.shipping_address : order.billing_address
      return {
        cart_id: order.cart?.id ?? null,
        customer_id: order.customer_id ?? null,
        phone: address?.phone ?? null,
        country_code: address?.country_code ?? null,
        placed_at: new Date(order.created_at),
      }
    })

    const candidates = listAttributionCandidatesStep(lookup)

    const attribution = transform(
      { candidates, order },
      ({ candidates, order }): NewAttribution | null => {
        const placedAt = new Date(order.created_at)
        const choice = chooseAttribution(candidates, placedAt)
        if (!choice) {
          return null
        }
        return {
          order_id: order.id,
          recovery_id: choice.candidate.recovery_id,
          message_id: choice.candidate.message_id,
          model: choice.model,
          amount: exactTotal(order),
          currency_code: order.currency_code,
          attributed_at: placedAt,
        }
      }
    )

    const created = when("order-has-attribution", { attribution }, ({ attribution }) => !!attribution)
      .then(() => createAttributionStep(attribution as WorkflowData<NewAttribution>))

    const settlement = transform({ lookup, created }, ({ lookup, created }) => ({
      cart_id: lookup.cart_id,
      recovered_recovery_id: created?.recovery_id ?? null,
      ended_at: lookup.placed_at,
    }))

    settleOrderRecoveriesStep(settlement)

    when("attribution-created", { created }, ({ created }) => !!created).then(() => {
      const eventData = transform({ created }, ({ created }): SmsRecoveryRecoveredEventData => ({
        id: created!.recovery_id,
        order_id: created!.order_id,
        model: created!.model,
        amount: created!.amount,
        currency_code: created!.currency_code,
      }))
      emitEventStep({ eventName: SmsRecoveryEvents.RECOVERED, data: eventData })
    })

    const result = transform({ created }, ({ created }): AttributeOrderWorkflowOutput => ({
      attribution: created ?? null,
    }))

    return new WorkflowResponse(result)
  }
)
