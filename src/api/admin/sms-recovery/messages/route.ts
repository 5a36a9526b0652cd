import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { maskPhone } from "../../../../lib/phone"
import { SMS_RECOVERY_MODULE } from "../../../../modules/sms_recovery"
import type { MessageSummary } from "../../../../modules/sms_recovery/queries"
import type SmsRecoveryModuleService from "../../../../modules/sms_recovery/service"
import type { AdminGetSmsRecoveryMessagesParamsType } from "./validators"

type AdminSmsRecoveryMessagesResponse = {
  messages: MessageSummary[]
  count: number
  limit: number
  offset: number
}

/** The texts sent, newest first; `to` is masked, the admin never sees a full number. */
export const GET = async (
  req: AuthenticatedMedusaRequest<undefined, AdminGetSmsRecoveryMessagesParamsType>,
  res: MedusaResponse<AdminSmsRecoveryMessagesResponse>
) => {
  const { limit, offset, ...filters } = req.validatedQuery
  const smsRecovery = req.scope.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
  const [messages, count] = await smsRecovery.listAndCountMessageSummaries(filters, { limit, offset })
  res.json({
    messages: messages.map((message) => ({ ...message, to: maskPhone(message.to) })),
    count,
    limit,
    offset,
  })
}
