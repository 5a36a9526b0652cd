import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { ConsentStatus } from "../../lib/consent-status"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"
import type { FoundConsent } from "./find-consent"

export type RecordCheckoutConsentStepInput = {
  /** The number in E.164. */
  phone: string
  /** The number's consent before the checkbox, if it had one. */
  existing: FoundConsent | null
  /** The status the consent has after the checkbox. */
  status: ConsentStatus
  /** The number's country, when its numbering plan tells it. */
  country?: string | null
  /** The signed-in customer or the cart's, linked when the consent has none yet. */
  customer_id?: string | null
  locale?: string | null
  /** What the shopper was shown and where, for the `requested` ledger event. */
  consent_text: string
  consent_text_hash: string
  consent_text_version?: string | null
  source_url?: string | null
  ip?: string | null
  user_agent?: string | null
  occurred_at: Date
}

export type RecordCheckoutConsentStepOutput = {
  id: string
  status: ConsentStatus
  /** Ledger events written: `requested`, and `opted_in` when the checkbox opted the number in. */
  event_ids: string[]
}

type Compensation = {
  created_consent_id: string | null
  restore: (Pick<FoundConsent, "id" | "status" | "customer_id" | "country" | "locale">) | null
  event_ids: string[]
}

export const recordCheckoutConsentStepId = "record-sms-checkout-consent"
/**
 * This step records a checkout consent: the consent row (created, or its status, customer,
 * country and locale updated) and the ledger's `requested` event with the exact text, its
 * hash and version, the page, IP and user agent, plus an `opted_in` event when the checkbox
 * alone opted the number in.
 *
 * Compensation removes what it wrote, so a failed request leaves no trace.
 */
export const recordCheckoutConsentStep = createStep(
  recordCheckoutConsentStepId,
  async (input: RecordCheckoutConsentStepInput, { container }) => {
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const fields = {
      status: input.status,
      country: input.existing?.country ?? input.country ?? null,
      customer_id: input.existing?.customer_id ?? input.customer_id ?? null,
      locale: input.locale ?? input.existing?.locale ?? null,
    }
    const consent = input.existing
      ? (await smsRecovery.updateConsents([{ id: input.existing.id, ...fields }]))[0]
      : (await smsRecovery.createConsents([{ phone: input.phone, ...fields }]))[0]
    const optedIn = input.status === "opted_in" && input.existing?.status !== "opted_in"
    const ledger = {
      consent_id: consent.id,
      phone: input.phone,
      channel: "checkout" as const,
      occurred_at: input.occurred_at,
    }
    const events = await smsRecovery.createConsentEvents([
      {
        ...ledger,
        type: "requested" as const,
        consent_text: input.consent_text,
        consent_text_hash: input.consent_text_hash,
        consent_text_version: input.consent_text_version ?? null,
        source_url: input.source_url ?? null,
        ip: input.ip ?? null,
        user_agent: input.user_agent ?? null,
      },
      ...(optedIn ? [{ ...ledger, type: "opted_in" as const }] : []),
    ])
    const eventIds = events.map((event) => event.id)
    return new StepResponse<RecordCheckoutConsentStepOutput, Compensation>(
      { id: consent.id, status: input.status, event_ids: eventIds },
      {
        created_consent_id: input.existing ? null : consent.id,
        restore: input.existing,
        event_ids: eventIds,
      }
    )
  },
  async (compensation, { container }) => {
    if (!compensation) {
      return
    }
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    await smsRecovery.deleteConsentEvents(compensation.event_ids)
    if (compensation.created_consent_id) {
      await smsRecovery.deleteConsents([compensation.created_consent_id])
    }
    if (compensation.restore) {
      await smsRecovery.updateConsents([compensation.restore])
    }
  }
)
