import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"

export type ResumeRecoveriesAwaitingConsentStepInput = {
  /** The number that now consents, in E.164. */
  phone: string
  /** Carts to resume besides the number's own recoveries (the cart consented on). */
  cart_ids?: string[]
  at: Date
}

export const resumeRecoveriesAwaitingConsentStepId = "resume-sms-recoveries-awaiting-consent"
/**
 * This step reschedules the recoveries the sweep parked for lack of consent, now that the
 * number consents, so the reminder is not lost until the next cart event.
 *
 * No compensation: a rescheduled recovery is checked again (consent included) before any send.
 */
export const resumeRecoveriesAwaitingConsentStep = createStep(
  resumeRecoveriesAwaitingConsentStepId,
  async (input: ResumeRecoveriesAwaitingConsentStepInput, { container }) => {
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const resumed = await smsRecovery.resumeRecoveriesAwaitingConsent({
      cartIds: input.cart_ids,
      phone: input.phone,
      at: input.at,
    })
    return new StepResponse({ resumed })
  }
)
