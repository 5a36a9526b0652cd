import { createStep } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"

export type ReleaseConfirmationTextStepInput = {
  consent_id: string
  /** When the number was last sent a confirmation text before this request's reservation. */
  previous_sent_at: Date | null
}

export const releaseConfirmationTextStepId = "release-sms-confirmation-text"
/**
 * This step gives back a confirmation text's reservation when the provider failed to send
 * it, so the failure neither counts under the hourly ceilings nor keeps the number from being
 * asked again on its next checkout.
 */
export const releaseConfirmationTextStep = createStep(
  releaseConfirmationTextStepId,
  async (input: ReleaseConfirmationTextStepInput, { container }) => {
    await container
      .resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
      .releaseConfirmationText(input.consent_id, input.previous_sent_at ? new Date(input.previous_sent_at) : null)
  }
)
