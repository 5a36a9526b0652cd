import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SMS_RECOVERY_MODULE } from "../../../../modules/sms_recovery"
import type { RecoveryStats } from "../../../../modules/sms_recovery/queries"
import type { ExperimentStats } from "../../../../modules/sms_recovery/queries/experiment-stats"
import type SmsRecoveryModuleService from "../../../../modules/sms_recovery/service"
import { getExperimentStatsWorkflow } from "../../../../workflows/get-experiment-stats"
import type { AdminGetSmsRecoveryStatsParamsType } from "./validators"

/**
 * What the reminders sent and earned in a time range, overall, by step, variant and day; and
 * what they added over the holdout, per campaign and step, with net figures. The two read on
 * separate connections at once.
 */
export const GET = async (
  req: AuthenticatedMedusaRequest<undefined, AdminGetSmsRecoveryStatsParamsType>,
  res: MedusaResponse<{ stats: RecoveryStats; experiments: ExperimentStats }>
) => {
  const smsRecovery = req.scope.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
  const [stats, { result: experiments }] = await Promise.all([
    smsRecovery.getRecoveryStats(req.validatedQuery),
    getExperimentStatsWorkflow(req.scope).run({ input: req.validatedQuery }),
  ])
  res.json({ stats, experiments })
}
