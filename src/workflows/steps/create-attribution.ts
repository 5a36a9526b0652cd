import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type { NewAttribution } from "../../modules/sms_recovery/queries"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"

export type CreateAttributionStepInput = NewAttribution

export const createAttributionStepId = "create-sms-attribution"

/**
 * Credits an order to a text, once per order: when the order already has an attribution
 * (`order.placed` delivered twice, or concurrently) nothing is written and the step returns
 * null. Compensation deletes an attribution this step wrote.
 */
export const createAttributionStep = createStep(
  createAttributionStepId,
  async (input: CreateAttributionStepInput, { container }) => {
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const attribution = await smsRecovery.createAttributionOnce(input)
    return new StepResponse(attribution, attribution?.id ?? null)
  },
  async (attributionId: string | null | undefined, { container }) => {
    if (!attributionId) {
      return
    }
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    await smsRecovery.deleteAttributions(attributionId)
  }
)
