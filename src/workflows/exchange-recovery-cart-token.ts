import {
  createWorkflow,
  transform,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { redeemCartTokenStep } from "./steps/redeem-cart-token"

/**
 * The cart token to exchange.
 */
export type ExchangeRecoveryCartTokenWorkflowInput = {
  /**
   * The token from the storefront URL a recovery link redirected to, unchecked: the workflow
   * verifies it.
   */
  token: string
  /**
   * When the storefront asked. Defaults to now.
   */
  now?: Date
}

/**
 * The cart the token stood for.
 */
export type ExchangeRecoveryCartTokenWorkflowOutput = {
  /**
   * The cart of the recovery text whose link was tapped.
   */
  cart_id: string
}

export const exchangeRecoveryCartTokenWorkflowId = "exchange-recovery-cart-token"
/**
 * This workflow exchanges the short-lived signed token that a recovery link's redirect puts in
 * the storefront URL (`recoveryPath`'s `{token}`) for the cart it stands for, so no cart id
 * ever appears in a URL. A token is valid once, within 15 minutes of the tap; a forged,
 * altered, expired or reused token fails with a `not_allowed` error and no cart. It's used by
 * the `POST /store/sms-recovery/cart-token` route, which the storefront calls server-side.
 *
 * Nothing is counted here: the click was counted, and the text's code applied, by the link.
 *
 * @example
 * const { result } = await exchangeRecoveryCartTokenWorkflow(container)
 * .run({
 *   input: {
 *     token: "smsmsg_01J….mb2k1x.Xq…",
 *   }
 * })
 * // result.cart_id: "cart_123"
 *
 * @summary
 *
 * Exchange a recovery link's cart token for its cart, once.
 */
export const exchangeRecoveryCartTokenWorkflow = createWorkflow(
  exchangeRecoveryCartTokenWorkflowId,
  (input: WorkflowData<ExchangeRecoveryCartTokenWorkflowInput>) => {
    const redeemInput = transform({ input }, ({ input }) => ({
      token: input.token,
      now: input.now ?? new Date(),
    }))
    const cart = redeemCartTokenStep(redeemInput)
    return new WorkflowResponse<ExchangeRecoveryCartTokenWorkflowOutput>(cart)
  }
)
