import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { maskPhone } from "../../../../lib/phone"
import { SMS_RECOVERY_MODULE } from "../../../../modules/sms_recovery"
import { REPLY_SUMMARY_FIELDS, type ReplySummary } from "../../../../modules/sms_recovery/queries/replies"
import type SmsRecoveryModuleService from "../../../../modules/sms_recovery/service"
import type { AdminGetSmsRecoveryRepliesType } from "./validators"

type AdminSmsRecoveryRepliesResponse = {
  replies: ReplySummary[]
  count: number
  limit: number
  offset: number
}

/**
 * The texts shoppers sent that are not keywords, newest first, with the recovery and cart
 * they answer. `phone` is masked, as in the texts list; `?phone=` finds a number's replies.
 */
export const GET = async (
  req: AuthenticatedMedusaRequest<undefined, AdminGetSmsRecoveryRepliesType>,
  res: MedusaResponse<AdminSmsRecoveryRepliesResponse>
) => {
  const { limit, offset, phone, recovery_id, cart_id } = req.validatedQuery
  const smsRecovery = req.scope.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
  const [replies, count] = await smsRecovery.listAndCountReplies(
    {
      ...(phone ? { phone: phone.e164 } : {}),
      ...(recovery_id ? { recovery_id } : {}),
      ...(cart_id ? { cart_id } : {}),
    },
    { select: [...REPLY_SUMMARY_FIELDS], order: { received_at: "DESC", id: "DESC" }, take: limit, skip: offset }
  )
  res.json({
    replies: (replies as ReplySummary[]).map((reply) => ({ ...reply, phone: maskPhone(reply.phone) })),
    count,
    limit,
    offset,
  })
}
