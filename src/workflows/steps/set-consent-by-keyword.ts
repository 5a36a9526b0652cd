import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { ConsentStatus } from "../../lib/consent-status"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type { KeywordConsent, KeywordConsentUndo } from "../../modules/sms_recovery/queries"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"

export type SetConsentByKeywordStepInput = KeywordConsent

export type SetConsentByKeywordStepOutput = {
  consent_id: string
  /** The status before, or null when the number had no consent. */
  previous_status: ConsentStatus | null
  status: ConsentStatus
  changed: boolean
  /** The message was already recorded (Sinch retried it): nothing was changed again. */
  duplicate: boolean
}

export const setConsentByKeywordStepId = "set-sms-consent-by-keyword"
/**
 * This step applies a keyword texted by the number itself, in one transaction:
 * - the consent rows are locked first (`FOR UPDATE`), so other writes to the same consent
 *   apply one after the other; a send in flight is waited for by the workflow, which runs this
 *   step under the number's consent lock, the lock the sender holds around each send;
 * - the ledger event (`opted_out`, `opted_in` or `confirmed`, channel `keyword`, with the raw
 *   text) is inserted once per Sinch message id; a message already recorded changes nothing,
 *   so a late retry of an old STOP cannot undo a newer START;
 * - the status is updated, or the consent created (a STOP from an unknown number is kept as
 *   an opted-out suppression entry).
 *
 * A STOP from a number erased under GDPR is recorded on its hashed suppression entry, without
 * the text, so the number is not stored again; a START or YES is a new consent from the phone.
 *
 * Compensation undoes an opt-in; an opt-out is never rolled back.
 */
export const setConsentByKeywordStep = createStep(
  setConsentByKeywordStepId,
  async (input: SetConsentByKeywordStepInput, { container }) => {
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const outcome = await smsRecovery.applyKeywordConsent(input)
    const output: SetConsentByKeywordStepOutput = {
      consent_id: outcome.consent.id,
      previous_status: outcome.previous,
      status: outcome.status,
      changed: !outcome.duplicate && outcome.previous !== outcome.status,
      duplicate: outcome.duplicate,
    }
    const undo: KeywordConsentUndo | null =
      input.action === "opt_in" && outcome.event_id
        ? {
            consent_id: outcome.consent.id,
            event_id: outcome.event_id,
            created: outcome.created,
            previous_status: outcome.previous,
          }
        : null
    return new StepResponse<SetConsentByKeywordStepOutput, KeywordConsentUndo | null>(output, undo)
  },
  async (undo, { container }) => {
    if (!undo) {
      return
    }
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    await smsRecovery.revertKeywordConsent(undo)
  }
)
