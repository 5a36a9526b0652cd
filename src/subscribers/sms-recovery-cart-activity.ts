import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { SMS_RECOVERY_MODULE } from "../modules/sms_recovery"
import type SmsRecoveryModuleService from "../modules/sms_recovery/service"
import { scheduleOf } from "../lib/recovery-schedule"
import type { CampaignWithSteps } from "../modules/sms_recovery/types"

/**
 * Every cart event is shopper activity: it pushes the cart's recovery back by the campaign's
 * idle time, in one write. The cart itself is not read here; the sweep reads it when due. The
 * first step's due time follows the variant the cart is assigned, worked out from its id alone.
 *
 * With several enabled campaigns the cart's campaign is chosen by its targeting when the sweep
 * starts the episode, since that needs the cart: until then the recovery has no campaign and is
 * due at the earliest first step among the enabled campaigns, and the sweep moves it to its
 * own campaign's first step from there.
 */
export default async function smsRecoveryCartActivityHandler({
  event: { data },
  container,
}: SubscriberArgs<{ id: string; customer_id?: string }>) {
  const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
  const campaigns = await smsRecovery.listEnabledCampaigns()
  const at = new Date()
  await smsRecovery.recordCartActivity({
    cartId: data.id,
    customerId: data.customer_id,
    at,
    campaignId: campaigns.length === 1 ? campaigns[0].id : null,
    firstStepDueAt: earliestFirstStep(campaigns, at, data.id),
  })
}

function earliestFirstStep(campaigns: CampaignWithSteps[], at: Date, cartId: string): Date | null {
  const dueTimes = campaigns.flatMap((campaign) =>
    campaign.steps[0] ? [scheduleOf(at, campaign, campaign.steps[0], cartId).dueAt.getTime()] : []
  )
  return dueTimes.length ? new Date(Math.min(...dueTimes)) : null
}

export const config: SubscriberConfig = {
  event: ["cart.created", "cart.updated", "cart.customer_transferred"],
  context: { subscriberId: "sms-recovery-cart-activity" },
}
