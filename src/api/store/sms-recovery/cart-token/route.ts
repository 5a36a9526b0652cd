import type { MedusaResponse, MedusaStoreRequest } from "@medusajs/framework/http"
import { exchangeRecoveryCartTokenWorkflow } from "../../../../workflows/exchange-recovery-cart-token"
import type { StorePostCartTokenType } from "./validators"

type StoreCartTokenResponse = {
  cart_id: string
}

/**
 * Exchanges the token a recovery link put in the storefront URL for the cart it stands for,
 * once. Called by the storefront's server, never from a page: the answer is a cart id.
 */
export const POST = async (
  req: MedusaStoreRequest<StorePostCartTokenType>,
  res: MedusaResponse<StoreCartTokenResponse>
) => {
  // A cart id must never sit in a cache.
  res.set("Cache-Control", "no-store")
  const { result } = await exchangeRecoveryCartTokenWorkflow(req.scope).run({
    input: { token: req.validatedBody.token },
  })
  res.status(200).json({ cart_id: result.cart_id })
}
