import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { SMS_RECOVERY_MODULE } from "../../src/modules/sms_recovery"
import type SmsRecoveryModuleService from "../../src/modules/sms_recovery/service"
import { runRecoverySweep, type RecoverySweepOptions } from "../../src/sweep/recovery-sweep"

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE

export function smsRecoveryService(container: MedusaContainer) {
  return container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
}

/** Switches the (default) campaign on, with overrides, as an admin would. */
export async function enableCampaign(
  container: MedusaContainer,
  overrides: Record<string, unknown> = {},
  activeSince = new Date(Date.now() - HOUR)
) {
  const smsRecovery = smsRecoveryService(container)
  const [campaign] = await smsRecovery.listCampaigns({})
  await smsRecovery.updateCampaigns([
    { id: campaign.id, enabled: true, active_since: activeSince, ...overrides },
  ])
  smsRecovery.clearCampaignCache()
  return campaign.id
}

/** Changes a campaign step's channel (and delay), as an admin editing the campaign would. */
export async function setStepChannel(
  container: MedusaContainer,
  campaignId: string,
  position: number,
  change: { channel: string; delay_minutes: number }
) {
  const smsRecovery = smsRecoveryService(container)
  const [step] = await smsRecovery.listCampaignSteps({ campaign_id: campaignId, position })
  await smsRecovery.updateCampaignSteps([{ id: step.id, ...change }])
  smsRecovery.clearCampaignCache()
}

/** A consent as the consent route records it once a shopper has confirmed. */
export async function optIn(container: MedusaContainer, phone: string) {
  await smsRecoveryService(container).createConsents({ phone, status: "opted_in" })
}

/** A sweep run as if the clock read `now`. */
export function sweepAt(container: MedusaContainer, now: Date, options: RecoverySweepOptions = {}) {
  return runRecoverySweep(container, { now, ...options })
}

/** The recovery tracking a cart (the newest one). */
export async function recoveryOf(container: MedusaContainer, cartId: string) {
  const recoveries = await smsRecoveryService(container).listRecoveries(
    { cart_id: cartId },
    { order: { created_at: "DESC" } }
  )
  return recoveries[0]
}

/**
 * 19:00 UTC three days ago: 14:00 in New York, 11:00 in Los Angeles, 19:00 in London, so a
 * text due half an hour or a day later falls inside every default send window. Tests run on
 * this clock (`sweepAt`) instead of waiting.
 */
export function testEpoch(): Date {
  const at = new Date(Date.now() - 3 * 24 * HOUR)
  at.setUTCHours(19, 0, 0, 0)
  return at
}

/**
 * Sets a cart's recovery as if the shopper's last activity was at `at`: the first step is
 * then due 30 minutes later (the default campaign's idle time).
 */
export async function lastActiveAt(container: MedusaContainer, cartId: string, at: Date) {
  const smsRecovery = smsRecoveryService(container)
  const recovery = await recoveryOf(container, cartId)
  await smsRecovery.updateRecoveries([
    { id: recovery.id, last_activity_at: at, next_send_at: new Date(at.getTime() + 30 * MINUTE) },
  ])
}

/**
 * Every SMS recorded as sent or delivered carries the Sinch batch that proves it, and no
 * notification the plugin created is left `pending` (a send nobody settled).
 */
export async function expectEverySentTextHasItsBatch(container: MedusaContainer) {
  const unproven = await smsRecoveryService(container).listMessages(
    { channel: "sms", status: ["sent", "delivered"], batch_id: null },
    { select: ["id", "idempotency_key"] }
  )
  expect(unproven).toEqual([])
  const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const pending = await pg("notification")
    .where({ trigger_type: "sms-cart-recovery", status: "pending" })
    .select("idempotency_key")
  expect(pending).toEqual([])
}
