import type { ExecArgs, MedusaContainer } from "@medusajs/framework/types"
import { SMS_RECOVERY_MODULE } from "../../src/modules/sms_recovery"
import type SmsRecoveryModuleService from "../../src/modules/sms_recovery/service"
import { runRecoverySweep } from "../../src/sweep/recovery-sweep"

const MINUTE_MS = 60_000

/**
 * `npm run demo`'s sweep on a clock of its own: `DEMO_NOW` (ISO 8601) is the time it runs at.
 * With `DEMO_IDLE_CART` (a cart id, or several separated by commas) and `DEMO_IDLE_MINUTES`,
 * their shoppers are first recorded as having left them that long before, so the story needs
 * no waiting. Prints `DEMO_SWEEP=<summary>`.
 */
export default async function demoSweep({ container }: ExecArgs) {
  const now = new Date(process.env.DEMO_NOW ?? "")
  if (Number.isNaN(now.getTime())) {
    throw new Error(`DEMO_NOW must be an ISO 8601 date-time, got "${process.env.DEMO_NOW}"`)
  }
  const idleCarts = (process.env.DEMO_IDLE_CART ?? "").split(",").filter(Boolean)
  const idleMinutes = Number(process.env.DEMO_IDLE_MINUTES)
  for (const cartId of idleCarts) {
    await leaveCartIdle(container, cartId, new Date(now.getTime() - idleMinutes * MINUTE_MS))
  }
  const summary = await runRecoverySweep(container, { now })
  console.log(`DEMO_SWEEP=${JSON.stringify(summary)}`)
}

/**
 * Moves the cart's tracked episode back to a last activity at `since`, with its first step due
 * from there, as the cart-activity subscriber would have recorded it. The campaign then counts
 * as on since that moment too, or the cart would be idle from before it and never texted.
 */
async function leaveCartIdle(container: MedusaContainer, cartId: string, since: Date) {
  const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
  const campaign = await smsRecovery.getEnabledCampaign()
  if (!campaign?.steps.length) {
    throw new Error("No enabled campaign with steps")
  }
  const [recovery] = await smsRecovery.listRecoveries({ cart_id: cartId, status: "tracking" })
  if (!recovery) {
    throw new Error(`Cart ${cartId} has no tracked recovery`)
  }
  const firstStepAfterMinutes = campaign.abandon_after_minutes + campaign.steps[0].delay_minutes
  await smsRecovery.updateRecoveries([
    {
      id: recovery.id,
      last_activity_at: since,
      next_send_at: new Date(since.getTime() + firstStepAfterMinutes * MINUTE_MS),
    },
  ])
  if (campaign.active_since && new Date(campaign.active_since) <= since) {
    return
  }
  await smsRecovery.updateCampaigns([{ id: campaign.id, active_since: since }])
  smsRecovery.clearCampaignCache()
}
