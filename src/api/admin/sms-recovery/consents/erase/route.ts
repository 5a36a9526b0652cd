import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { erasePhoneWorkflow, type ErasePhoneWorkflowOutput } from "../../../../../workflows/erase-phone"
import type { AdminEraseSmsPhoneType } from "../validators"

export const POST = async (
  req: AuthenticatedMedusaRequest<AdminEraseSmsPhoneType>,
  res: MedusaResponse<{ erased: ErasePhoneWorkflowOutput }>
) => {
  const { result } = await erasePhoneWorkflow(req.scope).run({
    input: { phone: req.validatedBody.phone.e164 },
  })
  res.json({ erased: result })
}
