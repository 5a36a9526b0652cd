import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { OPEN_RECOVERY_STATUSES } from "../../../../../../lib/recovery-status"
import { SMS_RECOVERY_MODULE, type SmsRecoveryModuleService } from "../../../../../../modules/sms_recovery"

/**
 * Carts of this campaign with a reminder scheduled: what switching the campaign off would
 * cancel, so the dashboard can ask first.
 */
export const GET = async (
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<{ count: number }>
) => {
  const service = req.scope.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
  const [, count] = await service.listAndCountRecoveries(
    { campaign_id: req.params.id, status: [...OPEN_RECOVERY_STATUSES], next_send_at: { $ne: null } },
    { select: ["id"], take: 1 }
  )
  res.json({ count })
}
