import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"

export type EndRecoveriesForPhoneStepInput = {
  /** The number that opted out, in E.164. */
  phone: string
  /** Reason code stored on each ended recovery, e.g. `stop_keyword`. */
  reason: string
  at: Date
}

export const endRecoveriesForPhoneStepId = "end-sms-recoveries-for-phone"
/**
 * This step ends every open recovery of a number that opted out (status `opted_out`), so no
 * further step is scheduled for it.
 *
 * No compensation: an opt-out is never rolled back.
 */
export const endRecoveriesForPhoneStep = createStep(
  endRecoveriesForPhoneStepId,
  async (input: EndRecoveriesForPhoneStepInput, { container }) => {
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const ended = await smsRecovery.endRecoveriesForPhone(input.phone, {
      status: "opted_out",
      reason: input.reason,
      at: input.at,
    })
    return new StepResponse({ ended })
  }
)
