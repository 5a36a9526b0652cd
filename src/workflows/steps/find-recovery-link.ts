import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { signCartToken } from "../../lib/cart-token"
import { buildRecoveryUrl, isRecoveryLinkCode } from "../../lib/recovery-link"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"

export type FindRecoveryLinkStepInput = {
  /** The code as it came in the URL: anything, until checked here. */
  code: string
  now: Date
  /**
   * A link previewer's fetch: it is sent to the storefront's home, since the token in the
   * recovery URL would let whoever holds it open the cart.
   */
  preview?: boolean
}

/**
 * `live`: a known link still valid; `invalid`: not shaped like a code (never looked up);
 * `unknown`: no text has it; `expired`: its `link_expires_at` has passed.
 */
export type RecoveryLinkStatus = "live" | "invalid" | "unknown" | "expired"

export type RecoveryLink = {
  status: RecoveryLinkStatus
  /**
   * Where the shopper goes: the cart's recovery page (with a fresh signed token standing for
   * the cart), or the storefront's home.
   */
  location: string
  message_id: string | null
  cart_id: string | null
  /** The text's single-use code to put on the cart, if its step had an incentive. */
  discount_code: string | null
}

export const findRecoveryLinkStepId = "find-recovery-link"

/**
 * Looks a recovery link up by its code and works out where it leads. Only a live link leads
 * to the cart; anything else leads to the storefront's home, saying nothing about why.
 */
export const findRecoveryLinkStep = createStep(
  findRecoveryLinkStepId,
  async (input: FindRecoveryLinkStepInput, { container }) => {
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const { storefrontUrl, recoveryPath, linkSecret } = smsRecovery.getOptions()
    const dead = (status: RecoveryLinkStatus): RecoveryLink => ({
      status,
      location: storefrontUrl,
      message_id: null,
      cart_id: null,
      discount_code: null,
    })

    if (!isRecoveryLinkCode(input.code)) {
      return new StepResponse(dead("invalid"))
    }
    const [message] = await smsRecovery.listMessages(
      { link_code: input.code },
      { relations: ["recovery"], take: 1 }
    )
    if (!message?.recovery) {
      return new StepResponse(dead("unknown"))
    }
    // Workflow data may arrive serialized: compare instants, not whatever `now` became.
    if (message.link_expires_at && new Date(message.link_expires_at) <= new Date(input.now)) {
      return new StepResponse(dead("expired"))
    }
    const cartId = message.recovery.cart_id
    return new StepResponse<RecoveryLink>({
      status: "live",
      location: input.preview
        ? storefrontUrl
        : buildRecoveryUrl({
            storefrontUrl,
            recoveryPath,
            token: signCartToken(linkSecret, { messageId: message.id, issuedAt: new Date(input.now) }),
            cartId,
            stepPosition: message.step_position,
          }),
      message_id: message.id,
      cart_id: cartId,
      discount_code: message.discount_code ?? null,
    })
  }
)
