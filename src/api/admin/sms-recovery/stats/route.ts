import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SMS_RECOVERY_MODULE } from "../../../../modules/sms_recovery"
import type { RecoveryStats } from "../../../../modules/sms_recovery/queries"
import type SmsRecoveryModuleService from "../../../../modules/sms_recovery/service"
import type { AdminGetSmsRecoveryStatsParamsType } from "./validators"

/**
 * What the reminders sent and earned in a time range, overall, by step, variant and day. What
 * they added over the holdout is the heavier `GET /admin/sms-recovery/experiments`.
 */
export const GET = async (
  req: AuthenticatedMedusaRequest<undefined, AdminGetSmsRecoveryStatsParamsType>,
  res: MedusaResponse<{ stats: RecoveryStats }>
) => {
  const smsRecovery = req.scope.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
  const stats = await smsRecovery.getRecoveryStats(req.validatedQuery)
  res.json({ stats })
}
