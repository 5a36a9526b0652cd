import {
  createWorkflow,
  transform,
  when,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { useQueryGraphStep } from "@medusajs/medusa/core-flows"
import { applyRecoveryDiscountStep } from "./steps/apply-recovery-discount"
import { findRecoveryLinkStep, type RecoveryLinkStatus } from "./steps/find-recovery-link"
import { recordRecoveryLinkClickStep } from "./steps/record-recovery-link-click"

/**
 * The click on a recovery link to track.
 */
export type TrackRecoveryLinkWorkflowInput = {
  /**
   * The code from the link's path (`/sms/r/<code>`), unchecked: the workflow validates it.
   */
  code: string
  /**
   * When the shopper clicked. Defaults to now.
   */
  clicked_at?: Date
  /**
   * A link previewer's fetch (a HEAD, or a messaging app drawing the preview): it is
   * redirected to the storefront's home, with no cart token; no click is counted and no code
   * is applied.
   */
  preview?: boolean
}

/**
 * What the click did and where the shopper goes.
 */
export type TrackRecoveryLinkWorkflowOutput = {
  /**
   * `live` when the click was counted; otherwise why the link leads to the storefront's home.
   */
  status: RecoveryLinkStatus
  /**
   * The URL to redirect the shopper to (302).
   */
  location: string
  /**
   * The text whose link was clicked, when the link is live.
   */
  message_id: string | null
  /**
   * The cart the link restores, when the link is live.
   */
  cart_id: string | null
  /**
   * Whether the text's promotion code was applied to the cart by this click.
   */
  discount_applied: boolean
}

export const trackRecoveryLinkWorkflowId = "track-recovery-link"
/**
 * This workflow handles a click on the link in a cart-recovery text. It counts the click on
 * the text, applies the text's single-use promotion code to the cart (when the step had an
 * incentive and the cart is still open), and returns where to redirect the shopper: the
 * storefront's recovery page with UTM parameters and a short-lived signed token that the
 * storefront exchanges for the cart (`exchangeRecoveryCartTokenWorkflow`), or the
 * storefront's home for a malformed, unknown or expired code. It's used by the `GET /sms/r/:code` route.
 *
 * A link previewer's fetch (`preview`) is redirected to the storefront's home and changes
 * nothing: a preview service holding a cart token could open the cart.
 *
 * A code that no longer applies to the cart doesn't fail the workflow: the shopper still
 * reaches the cart, and the reason is logged.
 *
 * @example
 * const { result } = await trackRecoveryLinkWorkflow(container)
 * .run({
 *   input: {
 *     code: "a8Xk2PqL0ZbN",
 *   }
 * })
 * // result.location: "https://shop.example.com/cart/recover/<signed token>?utm_source=sms&…"
 *
 * @summary
 *
 * Count a click on a recovery text's link, apply its code, and say where to redirect.
 */
export const trackRecoveryLinkWorkflow = createWorkflow(
  trackRecoveryLinkWorkflowId,
  (input: WorkflowData<TrackRecoveryLinkWorkflowInput>) => {
    const clickedAt = transform({ input }, ({ input }) => input.clicked_at ?? new Date())

    const linkInput = transform({ input, clickedAt }, ({ input, clickedAt }) => ({
      code: input.code,
      now: clickedAt,
      preview: input.preview ?? false,
    }))
    const link = findRecoveryLinkStep(linkInput)

    when("is-tapped-live-link", { link, input }, ({ link, input }) => link.status === "live" && !input.preview).then(() => {
      const click = transform({ link, clickedAt }, ({ link, clickedAt }) => ({
        message_id: link.message_id as string,
        clicked_at: clickedAt,
      }))
      recordRecoveryLinkClickStep(click)
    })

    const cartQuery = when(
      "link-carries-discount",
      { link, input },
      ({ link, input }) => link.status === "live" && !!link.discount_code && !input.preview
    ).then(() => {
      return useQueryGraphStep({
        entity: "cart",
        fields: ["id", "completed_at"],
        filters: { id: link.cart_id as string },
      }).config({ name: "get-cart" })
    })

    const discount = when(
      "should-apply-discount",
      { cartQuery },
      ({ cartQuery }) => {
        const cart = cartQuery?.data[0]
        return !!cart && !cart.completed_at
      }
    ).then(() => {
      const discountInput = transform({ link }, ({ link }) => ({
        cart_id: link.cart_id as string,
        code: link.discount_code as string,
      }))
      return applyRecoveryDiscountStep(discountInput)
    })

    const result = transform(
      { link, discount },
      ({ link, discount }): TrackRecoveryLinkWorkflowOutput => ({
        status: link.status,
        location: link.location,
        message_id: link.message_id,
        cart_id: link.cart_id,
        discount_applied: discount?.applied ?? false,
      })
    )

    return new WorkflowResponse(result)
  }
)
