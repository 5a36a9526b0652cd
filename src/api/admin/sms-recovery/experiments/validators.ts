import type { z } from "@medusajs/framework/zod"
import { AdminGetSmsRecoveryStatsParams } from "../stats/validators"

/** `GET /admin/sms-recovery/experiments` reads the same range and campaign as the stats. */
export const AdminGetSmsRecoveryExperimentsParams = AdminGetSmsRecoveryStatsParams

export type AdminGetSmsRecoveryExperimentsParamsType = z.infer<typeof AdminGetSmsRecoveryExperimentsParams>
