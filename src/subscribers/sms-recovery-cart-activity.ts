import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { SMS_RECOVERY_MODULE } from "../modules/sms_recovery"
import type SmsRecoveryModuleService from "../modules/sms_recovery/service"
import { scheduleOf } from "../lib/recovery-schedule"

/**
 * Every cart event is shopper activity: it pushes the cart's recovery back by the campaign's
 * idle time, in one write. The cart itself is not read here; the sweep reads it when due. The
 * first step's due time follows the variant the cart is assigned, worked out from its id alone.
 */
export default async function smsRecoveryCartActivityHandler({
  event: { data },
  container,
}: SubscriberArgs<{ id: string; customer_id?: string }>) {
  const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
  const campaign = await smsRecovery.getEnabledCampaign()
  const at = new Date()
  const firstStep = campaign?.steps[0]
  const firstStepDueAt = campaign && firstStep ? scheduleOf(at, campaign, firstStep, data.id).dueAt : null
  await smsRecovery.recordCartActivity({
    cartId: data.id,
    customerId: data.customer_id,
    at,
    campaignId: campaign?.id ?? null,
    firstStepDueAt,
  })
}

export const config: SubscriberConfig = {
  event: ["cart.created", "cart.updated", "cart.customer_transferred"],
  context: { subscriberId: "sms-recovery-cart-activity" },
}
