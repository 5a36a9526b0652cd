import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type { RecordedLinkClick } from "../../modules/sms_recovery/queries"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"

export type RecordRecoveryLinkClickStepInput = {
  /** The text whose link was clicked. */
  message_id: string
  clicked_at: Date
}

export const recordRecoveryLinkClickStepId = "record-recovery-link-click"

/**
 * Counts a click on a text's link (`clicks + 1`, first and last click times) in one atomic
 * update. Compensation takes the click back.
 */
export const recordRecoveryLinkClickStep = createStep(
  recordRecoveryLinkClickStepId,
  async (input: RecordRecoveryLinkClickStepInput, { container }) => {
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const click = await smsRecovery.recordLinkClick(input.message_id, new Date(input.clicked_at))
    return new StepResponse(click, click)
  },
  async (click: RecordedLinkClick | null | undefined, { container }) => {
    if (!click) {
      return
    }
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    await smsRecovery.revertLinkClick(click)
  }
)
