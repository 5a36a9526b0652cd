import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type { DeliveryReport, DeliveryUpdate } from "../../modules/sms_recovery/queries"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"

export type { DeliveryUpdate }

export type ApplyDeliveryReportStepInput = DeliveryReport

export const applyDeliveryReportStepId = "apply-sms-delivery-report"
/**
 * This step applies a Sinch delivery report to the messages of its batch, each update in one
 * conditional `UPDATE`: a message's status only moves forward (queued → sent → delivered,
 * failed or undeliverable), so duplicates, reports arriving out of order and concurrent
 * reports change nothing they should not. A report for an unknown batch updates nothing.
 *
 * No compensation: each update is a single statement and the step's only write.
 */
export const applyDeliveryReportStep = createStep(
  applyDeliveryReportStepId,
  async (input: ApplyDeliveryReportStepInput, { container }) => {
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const updated = await smsRecovery.applyDeliveryReport(input)
    return new StepResponse({ updated })
  }
)
