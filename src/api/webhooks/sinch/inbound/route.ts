import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { maskPhone } from "../../../../lib/phone"
import { handleInboundMessageWorkflow } from "../../../../workflows/handle-inbound-message"
import type { SinchInboundTextType } from "../validators"

export const POST = async (
  req: MedusaRequest<SinchInboundTextType>,
  res: MedusaResponse<{ received: true }>
) => {
  const message = req.validatedBody
  const { result } = await handleInboundMessageWorkflow(req.scope).run({
    input: {
      id: message.id,
      from: message.from.e164,
      country: message.from.country ?? null,
      to: message.to,
      body: message.body,
      received_at: message.received_at,
    },
  })
  if (!result.keyword) {
    req.scope
      .resolve(ContainerRegistrationKeys.LOGGER)
      .info(`Inbound text ${message.id} from ${maskPhone(message.from.e164)} is not a keyword; ignored`)
  }
  res.status(200).json({ received: true })
}
