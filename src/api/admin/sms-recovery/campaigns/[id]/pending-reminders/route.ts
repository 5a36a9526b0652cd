import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SMS_RECOVERY_MODULE, type SmsRecoveryModuleService } from "../../../../../../modules/sms_recovery"
import { countPendingReminders } from "../../../../../../workflows/utils/pending-reminders"

/**
 * Carts of this campaign with a reminder scheduled: what switching the campaign off would
 * cancel, and what keeps it from being deleted, so the dashboard can ask first.
 */
export const GET = async (
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<{ count: number }>
) => {
  const service = req.scope.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
  res.json({ count: await countPendingReminders(service, req.params.id) })
}
