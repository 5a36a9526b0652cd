import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { inboundTextCallback, receiveSinchCallback } from "../../../../sweep/sinch-callbacks"
import type { SinchInboundTextType } from "../validators"

export const POST = async (
  req: MedusaRequest<SinchInboundTextType>,
  res: MedusaResponse<{ received: true }>
) => {
  const message = req.validatedBody
  await receiveSinchCallback(
    req.scope,
    inboundTextCallback({
      id: message.id,
      from: message.from.e164,
      country: message.from.country ?? null,
      to: message.to,
      body: message.body,
      received_at: message.received_at,
    })
  )
  res.status(200).json({ received: true })
}
