import type { MedusaResponse, MedusaStoreRequest } from "@medusajs/framework/http"
import type { ConsentStatus } from "../../../../lib/consent-status"
import { headersWithoutCredentials } from "../../../../lib/request-headers"
import { recordConsentWorkflow } from "../../../../workflows/record-consent"
import { shopperAddress } from "../client-address"
import { shopperConsentStatus } from "../helpers"
import type { StoreGetConsentType, StorePostConsentType } from "../validators"

type StoreConsentResponse = {
  consent: { phone: string; status: ConsentStatus }
}

type StoreConsentStatusResponse = {
  consent: { status: ConsentStatus | "none" }
}

function signedInCustomer(req: MedusaStoreRequest<unknown, unknown>): string | null {
  return req.auth_context?.actor_type === "customer" ? req.auth_context.actor_id || null : null
}

export const POST = async (
  req: MedusaStoreRequest<StorePostConsentType>,
  res: MedusaResponse<StoreConsentResponse>
) => {
  const { phone, ...consent } = req.validatedBody
  const { result } = await recordConsentWorkflow(req.scope).run({
    input: {
      ...consent,
      phone: phone.e164,
      country: phone.country ?? null,
      customer_id: signedInCustomer(req),
      ip: shopperAddress(req),
      user_agent: req.get("user-agent")?.slice(0, 512) ?? null,
      headers: headersWithoutCredentials(req.headers),
    },
  })
  res.status(200).json({ consent: { phone: result.phone, status: result.status } })
}

export const GET = async (
  req: MedusaStoreRequest<unknown, StoreGetConsentType>,
  res: MedusaResponse<StoreConsentStatusResponse>
) => {
  const { phone, cart_id } = req.validatedQuery
  const status = await shopperConsentStatus(req.scope, {
    phone: phone.e164,
    cart_id,
    customer_id: signedInCustomer(req),
  })
  res.status(200).json({ consent: { status } })
}
