import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { recordDeliveryReportWorkflow } from "../../../../workflows/record-delivery-report"
import type { SinchDeliveryReportType } from "../validators"

export const POST = async (
  req: MedusaRequest<SinchDeliveryReportType>,
  res: MedusaResponse<{ received: true }>
) => {
  await recordDeliveryReportWorkflow(req.scope).run({ input: req.validatedBody })
  res.status(200).json({ received: true })
}
