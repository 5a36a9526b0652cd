import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type { PhoneErasure } from "../../modules/sms_recovery/queries"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"

export type ErasePhoneRecordsStepInput = {
  /** The number to erase, in E.164. */
  phone: string
  erased_at: Date
}

export type ErasePhoneRecordsStepOutput = PhoneErasure

export const erasePhoneRecordsStepId = "erase-sms-phone-records"
/**
 * This step erases a number from the plugin's data in one transaction (GDPR Art. 17):
 * - consent: the number is replaced by its keyed hash and the row kept as an `opted_out`
 *   suppression entry (its customer link dropped), so a later checkout cannot opt it back in;
 *   a number never seen gets such an entry too;
 * - ledger: the number is replaced by the hash in every event, and the IP, user agent and raw
 *   inbound text are cleared; an `erased` event is added;
 * - recoveries: the number is replaced and open ones are ended (`opted_out`, reason `erased`);
 * - messages: the recipient is replaced and the text (which holds the shopper's name) cleared;
 * - recorded Sinch callbacks: those holding the number (its texts, reports naming it) are
 *   deleted, applied or not; an unapplied STOP among them is moot, as the suppression entry
 *   opts the number out.
 *
 * No compensation: the hash cannot be turned back into the number, which is the point.
 */
export const erasePhoneRecordsStep = createStep(
  erasePhoneRecordsStepId,
  async (input: ErasePhoneRecordsStepInput, { container }) => {
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const output = await smsRecovery.erasePhone(input.phone, input.erased_at)
    return new StepResponse(output)
  }
)
