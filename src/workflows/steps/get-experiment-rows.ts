import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE, type SmsRecoveryModuleService } from "../../modules/sms_recovery"
import type { ExperimentStatsFilters } from "../../modules/sms_recovery/queries/experiment-stats"

export const getExperimentRowsStepId = "get-sms-experiment-rows"
/**
 * This step reads the holdout experiment's aggregates for a range: eligible recoveries per
 * campaign, arm and steps with their credited revenue, the credited orders that may carry the
 * plugin's incentive codes, and the texts' segments per country where a campaign prices them.
 */
export const getExperimentRowsStep = createStep(
  getExperimentRowsStepId,
  async (filters: ExperimentStatsFilters, { container }) => {
    const service = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    // A workflow engine that stores its input as JSON hands the dates back as strings.
    const range = { ...filters, from: new Date(filters.from), to: new Date(filters.to) }
    return new StepResponse(await service.getExperimentRows(range))
  }
)
