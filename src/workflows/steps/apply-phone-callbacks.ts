import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"
import { applyInboundCallback } from "../../sweep/sinch-callbacks"

export type ApplyPhoneCallbacksStepInput = {
  /** The number about to be erased, in E.164. */
  phone: string
}

export type ApplyPhoneCallbacksStepOutput = {
  /** Callbacks whose application was tried (a failure is logged and left to the erase). */
  callbacks: number
}

export const applyPhoneCallbacksStepId = "apply-sms-phone-callbacks"
/**
 * This step applies, before a number is erased, its Sinch callbacks that were recorded but not
 * applied yet (their process stopped, or their workflow failed):
 * - its STOPs: the opt-out is recorded in the ledger (which the erase then hashes) and
 *   confirmed to the shopper by text, as the carriers require;
 * - the delivery reports of texts to it, so the store's delivery figures stay true.
 *
 * Its other unapplied texts (START, YES, HELP, anything else) are not applied: the erase opts
 * the number out whatever they say, and confirming an opt-in it is about to undo would mislead
 * the shopper. The erase deletes them, and any callback that failed to apply here; its
 * suppression entry keeps the number opted out all the same.
 *
 * It runs before the erase takes the number's consent lock, which applying a STOP takes too.
 * No compensation: what was applied is what the job would have applied a minute later.
 */
export const applyPhoneCallbacksStep = createStep(
  applyPhoneCallbacksStepId,
  async (input: ApplyPhoneCallbacksStepInput, { container }) => {
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const callbacks = await smsRecovery.listUnappliedCallbacksOfPhone(input.phone)
    for (const callback of callbacks) {
      await applyInboundCallback(container, callback)
    }
    return new StepResponse<ApplyPhoneCallbacksStepOutput>({ callbacks: callbacks.length })
  }
)
