import { OPEN_RECOVERY_STATUSES } from "../../lib/recovery-status"
import type { SmsRecoveryModuleService } from "../../modules/sms_recovery"

/**
 * Carts of a campaign with a reminder scheduled: what switching the campaign off would cancel
 * and what keeps it from being deleted.
 */
export async function countPendingReminders(service: SmsRecoveryModuleService, campaignId: string): Promise<number> {
  const [, count] = await service.listAndCountRecoveries(
    { campaign_id: campaignId, status: [...OPEN_RECOVERY_STATUSES], next_send_at: { $ne: null } },
    { select: ["id"], take: 1 }
  )
  return count
}
