import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type {
  RecoveryStateBefore,
  SettleOrderRecoveries,
} from "../../modules/sms_recovery/queries"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"

export type SettleOrderRecoveriesStepInput = SettleOrderRecoveries

export const settleOrderRecoveriesStepId = "settle-order-recoveries"

/**
 * Ends the recoveries an order ends, so no later step is sent: the credited recovery becomes
 * `recovered`, the cart's other open ones `completed`. Returns the recoveries' states before;
 * compensation restores them.
 */
export const settleOrderRecoveriesStep = createStep(
  settleOrderRecoveriesStepId,
  async (input: SettleOrderRecoveriesStepInput, { container }) => {
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const before = await smsRecovery.settleOrderRecoveries(input)
    return new StepResponse(before, before)
  },
  async (before: RecoveryStateBefore[] | undefined, { container }) => {
    if (!before?.length) {
      return
    }
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    await smsRecovery.revertOrderSettlement(before)
  }
)
