import { erasedPhone, isErasedPhone } from "../../../../lib/phone-hash"
import type SmsRecoveryModuleService from "../../../../modules/sms_recovery/service"

export const CONSENT_FIELDS = [
  "id",
  "phone",
  "status",
  "country",
  "customer_id",
  "locale",
  "created_at",
  "updated_at",
] as const

export const CONSENT_EVENT_FIELDS = [
  "id",
  "phone",
  "type",
  "channel",
  "consent_text",
  "consent_text_hash",
  "consent_text_version",
  "source_url",
  "ip",
  "user_agent",
  "inbound_text",
  "inbound_message_id",
  "occurred_at",
] as const

type Row = Record<string, unknown> & { phone: string }

/** A consent as the admin sees it: the full number, or `erased` when only its hash is kept. */
export function toAdminConsent<T extends Row>(consent: T): T & { erased: boolean } {
  return { ...consent, erased: isErasedPhone(consent.phone) }
}

/**
 * A number's consent with its ledger, newest first: the proof an auditor asks for. An erased
 * number is found by its hash. Null when the plugin never saw the number.
 */
export async function retrieveConsentLedger(smsRecovery: SmsRecoveryModuleService, phone: string) {
  const hashed = erasedPhone(smsRecovery.getOptions().linkSecret, phone)
  const consents = await smsRecovery.listConsents(
    { phone: [phone, hashed] },
    { select: [...CONSENT_FIELDS] }
  )
  const consent = consents.find((row) => row.phone === phone) ?? consents[0]
  if (!consent) {
    return null
  }
  const events = await smsRecovery.listConsentEvents(
    { consent_id: consent.id },
    { select: [...CONSENT_EVENT_FIELDS], order: { occurred_at: "DESC", created_at: "DESC" } }
  )
  return { consent: toAdminConsent(consent), events }
}
