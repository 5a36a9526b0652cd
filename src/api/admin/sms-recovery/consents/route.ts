import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { SMS_RECOVERY_MODULE } from "../../../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../../../modules/sms_recovery/service"
import { CONSENT_FIELDS, retrieveConsentLedger, toAdminConsent } from "./helpers"
import type { AdminGetSmsConsentsType } from "./validators"

/**
 * With `phone`: that number's consent and its ledger, newest first (404 when unknown).
 * Without: consents, newest first, optionally by status.
 */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminGetSmsConsentsType>,
  res: MedusaResponse
) => {
  const smsRecovery = req.scope.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
  const { phone, status, limit, offset } = req.validatedQuery
  if (phone) {
    const ledger = await retrieveConsentLedger(smsRecovery, phone.e164)
    if (!ledger) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, "No SMS consent was found for this phone number")
    }
    res.json(ledger)
    return
  }
  const [consents, count] = await smsRecovery.listAndCountConsents(status ? { status } : {}, {
    select: [...CONSENT_FIELDS],
    order: { updated_at: "DESC" },
    take: limit,
    skip: offset,
  })
  res.json({ consents: consents.map(toAdminConsent), count, limit, offset })
}
