import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type { HelpRequest } from "../../modules/sms_recovery/queries"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"

export type RecordHelpRequestStepInput = HelpRequest

export const recordHelpRequestStepId = "record-sms-help-request"
/**
 * This step adds a `help` event to the ledger of a number that has a consent. A number without
 * one gets the HELP reply all the same, but no consent is created for it.
 *
 * Compensation removes the event.
 */
export const recordHelpRequestStep = createStep(
  recordHelpRequestStepId,
  async (input: RecordHelpRequestStepInput, { container }) => {
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const eventId = await smsRecovery.recordHelpRequest(input)
    return new StepResponse({ recorded: eventId !== null }, eventId)
  },
  async (eventId, { container }) => {
    if (!eventId) {
      return
    }
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    await smsRecovery.revertHelpRequest(eventId)
  }
)
