import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { ExperimentStats } from "../../../../modules/sms_recovery/queries/experiment-stats"
import { getExperimentStatsWorkflow } from "../../../../workflows/get-experiment-stats"
import type { AdminGetSmsRecoveryExperimentsParamsType } from "./validators"

/**
 * What the reminders added over the holdout in a time range, per campaign and step, with net
 * figures.
 */
export const GET = async (
  req: AuthenticatedMedusaRequest<undefined, AdminGetSmsRecoveryExperimentsParamsType>,
  res: MedusaResponse<{ experiments: ExperimentStats }>
) => {
  const { result: experiments } = await getExperimentStatsWorkflow(req.scope).run({ input: req.validatedQuery })
  res.json({ experiments })
}
