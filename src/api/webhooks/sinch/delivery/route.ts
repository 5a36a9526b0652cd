import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deliveryReportCallback, receiveSinchCallback } from "../../../../sweep/sinch-callbacks"
import type { SinchDeliveryReportType } from "../validators"

export const POST = async (
  req: MedusaRequest<SinchDeliveryReportType>,
  res: MedusaResponse<{ received: true }>
) => {
  await receiveSinchCallback(req.scope, deliveryReportCallback(req.validatedBody))
  res.status(200).json({ received: true })
}
