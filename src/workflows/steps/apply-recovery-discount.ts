import { ContainerRegistrationKeys, PromotionActions } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { updateCartPromotionsWorkflow } from "@medusajs/medusa/core-flows"

export type ApplyRecoveryDiscountStepInput = {
  cart_id: string
  /** The promotion code the text carried. */
  code: string
}

export type ApplyRecoveryDiscountStepOutput = {
  applied: boolean
}

export const applyRecoveryDiscountStepId = "apply-recovery-discount"

/**
 * Adds a text's promotion code to its cart, as the storefront's "apply code" would. A code
 * that no longer applies (used, expired, cart gone or completed) is logged and skipped, never
 * thrown: the shopper still reaches the cart. Compensation removes a code this step added.
 */
export const applyRecoveryDiscountStep = createStep(
  applyRecoveryDiscountStepId,
  async (input: ApplyRecoveryDiscountStepInput, { container }) => {
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    const { result, errors } = await updateCartPromotionsWorkflow(container).run({
      input: {
        cart_id: input.cart_id,
        promo_codes: [input.code],
        action: PromotionActions.ADD,
        force_refresh_payment_collection: true,
      },
      throwOnError: false,
    })
    const reason = errors.length
      ? errors.map(({ error }) => error?.message ?? String(error)).join("; ")
      : result?.skipped_promo_codes.find(({ code }) => code === input.code)?.reason
    if (reason) {
      logger.warn(`SMS recovery: could not apply the text's code to cart ${input.cart_id}: ${reason}`)
      return new StepResponse<ApplyRecoveryDiscountStepOutput, ApplyRecoveryDiscountStepInput | null>(
        { applied: false },
        null
      )
    }
    return new StepResponse<ApplyRecoveryDiscountStepOutput, ApplyRecoveryDiscountStepInput | null>(
      { applied: true },
      input
    )
  },
  async (applied: ApplyRecoveryDiscountStepInput | null | undefined, { container }) => {
    if (!applied) {
      return
    }
    await updateCartPromotionsWorkflow(container).run({
      input: {
        cart_id: applied.cart_id,
        promo_codes: [applied.code],
        action: PromotionActions.REMOVE,
        force_refresh_payment_collection: true,
      },
      throwOnError: false,
    })
  }
)
