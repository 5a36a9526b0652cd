import type { MedusaResponse, MedusaStoreRequest } from "@medusajs/framework/http"
import type { ConsentStatus } from "../../../../lib/consent-status"
import { SMS_RECOVERY_MODULE } from "../../../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../../../modules/sms_recovery/service"
import { recordConsentWorkflow } from "../../../../workflows/record-consent"
import { findConsentByPhone } from "../../../../workflows/steps/find-consent"
import type { StoreGetConsentType, StorePostConsentType } from "../validators"

type StoreConsentResponse = {
  consent: { phone: string; status: ConsentStatus }
}

type StoreConsentStatusResponse = {
  consent: { status: ConsentStatus | "none" }
}

export const POST = async (
  req: MedusaStoreRequest<StorePostConsentType>,
  res: MedusaResponse<StoreConsentResponse>
) => {
  const { phone, ...consent } = req.validatedBody
  const customerId =
    req.auth_context?.actor_type === "customer" ? req.auth_context.actor_id || null : null
  const { result } = await recordConsentWorkflow(req.scope).run({
    input: {
      ...consent,
      phone: phone.e164,
      country: phone.country ?? null,
      customer_id: customerId,
      ip: req.ip ?? null,
      user_agent: req.get("user-agent")?.slice(0, 512) ?? null,
    },
  })
  res.status(200).json({ consent: { phone: result.phone, status: result.status } })
}

export const GET = async (
  req: MedusaStoreRequest<unknown, StoreGetConsentType>,
  res: MedusaResponse<StoreConsentStatusResponse>
) => {
  const smsRecovery = req.scope.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
  const { consent, suppressed } = await findConsentByPhone(smsRecovery, req.validatedQuery.phone.e164)
  const status = consent?.status ?? (suppressed ? "opted_out" : "none")
  res.status(200).json({ consent: { status } })
}
