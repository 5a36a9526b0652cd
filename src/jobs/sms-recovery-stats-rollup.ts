import type { MedusaContainer } from "@medusajs/framework/types"
import { SMS_RECOVERY_MODULE } from "../modules/sms_recovery"
import type SmsRecoveryModuleService from "../modules/sms_recovery/service"

/**
 * Every minute: folds the rows that writes appended to the stats' daily rollups into one row
 * per day and key, so the stats page reads a few rows a day. One merge runs at a time; the
 * others return at once, so it may run on several workers.
 */
export default async function smsRecoveryStatsRollupJob(container: MedusaContainer) {
  await container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE).mergeStatsRollups()
}

export const config = {
  name: "sms-recovery-stats-rollup",
  schedule: "* * * * *",
}
