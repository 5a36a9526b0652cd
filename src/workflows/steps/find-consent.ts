import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { ConsentStatus } from "../../lib/consent-status"
import { erasedPhone, phoneKey } from "../../lib/phone-hash"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"

export type FoundConsent = {
  id: string
  status: ConsentStatus
  customer_id: string | null
  country: string | null
  locale: string | null
}

export type ConsentLookup = {
  /** The consent stored under the number itself, if any. */
  consent: FoundConsent | null
  /** Whether the number was erased (GDPR) and is kept only as an opted-out hash. */
  suppressed: boolean
  /** A stand-in for the number in lock and idempotency keys (see `phoneKey`). */
  phone_key: string
}

/**
 * Looks a number up in its own form and in the hashed form a GDPR erase leaves, so that an
 * erased number stays suppressed. Routes use it for status reads too.
 */
export async function findConsentByPhone(
  smsRecovery: SmsRecoveryModuleService,
  phone: string
): Promise<ConsentLookup> {
  const { linkSecret } = smsRecovery.getOptions()
  const hashed = erasedPhone(linkSecret, phone)
  const rows = await smsRecovery.listConsents(
    { phone: [phone, hashed] },
    { select: ["id", "phone", "status", "customer_id", "country", "locale"] }
  )
  const own = rows.find((row) => row.phone === phone)
  return {
    consent: own
      ? {
          id: own.id,
          status: own.status as ConsentStatus,
          customer_id: own.customer_id ?? null,
          country: own.country ?? null,
          locale: own.locale ?? null,
        }
      : null,
    suppressed: rows.some((row) => row.phone === hashed),
    phone_key: phoneKey(linkSecret, phone),
  }
}

export type FindConsentStepInput = {
  /** The number in E.164. */
  phone: string
}

export const findConsentStepId = "find-sms-consent"
/**
 * This step finds a number's consent, and whether the number was erased and is suppressed.
 */
export const findConsentStep = createStep(
  findConsentStepId,
  async (input: FindConsentStepInput, { container }) => {
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    return new StepResponse(await findConsentByPhone(smsRecovery, input.phone))
  }
)
