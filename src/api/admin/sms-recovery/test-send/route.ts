import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { maskPhone } from "../../../../lib/phone"
import {
  sendTestTextWorkflow,
  type SendTestTextWorkflowOutput,
} from "../../../../workflows/send-test-text"
import type { AdminSendSmsTestTextType } from "./validators"

type AdminSmsTestTextResponse = {
  test_text: SendTestTextWorkflowOutput & { to: string }
}

/** Texts the rendered step to the admin's number, marked as a test; `to` comes back masked. */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminSendSmsTestTextType>,
  res: MedusaResponse<AdminSmsTestTextResponse>
) => {
  const { phone, ...step } = req.validatedBody
  const { result } = await sendTestTextWorkflow(req.scope).run({
    input: { ...step, to: phone.e164, requested_by: req.auth_context.actor_id },
  })
  res.json({ test_text: { ...result, to: maskPhone(phone.e164) } })
}
