import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { verifyCartToken } from "../../lib/cart-token"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"

export type RedeemCartTokenStepInput = {
  token: string
  now: Date
}

export const redeemCartTokenStepId = "redeem-cart-token"

/**
 * One message for every refusal, so the answer tells a guesser nothing about which part failed.
 */
export const CART_TOKEN_REFUSED = "The recovery link's cart token is invalid, expired or already used"

/**
 * Turns a recovery link's cart token into the cart it stands for, once: the token must be
 * signed with the store's `linkSecret`, unexpired, name a text that still exists, and not have
 * been exchanged before. Anything else is refused with the same message and no cart.
 */
export const redeemCartTokenStep = createStep(
  redeemCartTokenStepId,
  async (input: RedeemCartTokenStepInput, { container }) => {
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const check = verifyCartToken(smsRecovery.getOptions().linkSecret, input.token, new Date(input.now))
    if (!check.valid) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, CART_TOKEN_REFUSED)
    }
    const { messageId, tokenId, expiresAt } = check.claims
    const [message] = await smsRecovery.listMessages(
      { id: messageId },
      { relations: ["recovery"], take: 1 }
    )
    if (!message?.recovery || !(await smsRecovery.redeemCartToken(tokenId, expiresAt))) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, CART_TOKEN_REFUSED)
    }
    return new StepResponse({ cart_id: message.recovery.cart_id }, tokenId)
  },
  async (tokenId, { container }) => {
    if (!tokenId) {
      return
    }
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    await smsRecovery.forgetCartToken(tokenId)
  }
)
