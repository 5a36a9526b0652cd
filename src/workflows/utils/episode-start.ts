import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import {
  campaignForCart,
  isTargeted,
  targetingNeeds,
  type CartTargetingFacts,
} from "../../lib/campaign-targeting"
import { isHeldOut } from "../../lib/holdout"
import { isPurchase } from "../../lib/order-history"
import type { CampaignWithSteps, RecoveryChanges } from "../../modules/sms_recovery/types"
import type { ReminderRecovery } from "./reminder-types"

/**
 * Whether a recovery's episode starts with this run: it is still tracking and its first step
 * has not been decided on (sent, held out or skipped). Its campaign and holdout are chosen now,
 * and fixed from the first decision that moves it past that step.
 */
export function isEpisodeStart(recovery: Pick<ReminderRecovery, "status" | "next_step">): boolean {
  return recovery.status === "tracking" && recovery.next_step === 1
}

/** The campaign and holdout a run chose for a recovery whose episode starts, to be written with its outcome. */
export function episodeChanges(recovery: ReminderRecovery): RecoveryChanges {
  return isEpisodeStart(recovery) ? { campaign_id: recovery.campaign_id, holdout: recovery.holdout } : {}
}

export type StartedEpisodes = {
  /** The page's recoveries, those whose episode starts with their campaign and holdout chosen. */
  recoveries: ReminderRecovery[]
  /** Recoveries whose cart no enabled campaign targets (or whose cart is gone). */
  unmatched: Set<string>
}

type TargetingCartRecord = {
  id: string
  currency_code: string
  sales_channel_id: string | null
  region_id?: string | null
  total?: number | string | null
  customer?: { groups?: { id: string }[] | null; orders?: { status: string }[] | null } | null
}

/**
 * Chooses the campaign of each recovery whose episode starts: the first enabled campaign, by
 * priority, whose targeting its cart matches; then whether the recovery is in that campaign's
 * holdout. With one enabled campaign that targets nothing, nothing is read. Otherwise the carts'
 * targeting facts are read in one query, with the region, the customer's groups, orders and
 * the cart total only when some enabled campaign targets on them.
 */
export async function startEpisodes(
  container: MedusaContainer,
  recoveries: ReminderRecovery[],
  enabled: CampaignWithSteps[],
  secret: string
): Promise<StartedEpisodes> {
  const starting = recoveries.filter(isEpisodeStart)
  // Without an enabled campaign the recovery keeps its own, whose checks end it.
  if (!starting.length || !enabled.length) {
    return { recoveries, unmatched: new Set() }
  }
  const choose = (recovery: ReminderRecovery, campaign: CampaignWithSteps): ReminderRecovery => ({
    ...recovery,
    campaign_id: campaign.id,
    holdout: isHeldOut(secret, campaign.id, recovery.cart_id, campaign.holdout_percent),
  })
  if (enabled.length === 1 && !isTargeted(enabled[0])) {
    return {
      recoveries: recoveries.map((recovery) => (isEpisodeStart(recovery) ? choose(recovery, enabled[0]) : recovery)),
      unmatched: new Set(),
    }
  }
  const facts = await loadTargetingFacts(container, starting.map((recovery) => recovery.cart_id), enabled)
  const unmatched = new Set<string>()
  const chosen = recoveries.map((recovery) => {
    if (!isEpisodeStart(recovery)) {
      return recovery
    }
    const cart = facts.get(recovery.cart_id)
    const campaign = cart ? campaignForCart(enabled, cart) : null
    if (!campaign) {
      unmatched.add(recovery.id)
      return { ...recovery, campaign_id: null, holdout: false }
    }
    return choose(recovery, campaign)
  })
  return { recoveries: chosen, unmatched }
}

async function loadTargetingFacts(
  container: MedusaContainer,
  cartIds: string[],
  campaigns: CampaignWithSteps[]
): Promise<Map<string, CartTargetingFacts>> {
  const needs = targetingNeeds(campaigns)
  const fields = [
    "id",
    "currency_code",
    "sales_channel_id",
    ...(needs.region ? ["region_id"] : []),
    ...(needs.total ? ["total"] : []),
    ...(needs.customerGroups ? ["customer.groups.id"] : []),
    ...(needs.orders ? ["customer.orders.status"] : []),
  ]
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "cart", fields, filters: { id: cartIds } })
  return new Map(
    (data as TargetingCartRecord[]).map((cart) => [
      cart.id,
      {
        region_id: cart.region_id ?? null,
        currency_code: cart.currency_code,
        sales_channel_id: cart.sales_channel_id,
        customer_group_ids: (cart.customer?.groups ?? []).map((group) => group.id),
        orders_count: (cart.customer?.orders ?? []).filter((order) => isPurchase(order.status)).length,
        total: Number(cart.total ?? 0),
      },
    ])
  )
}
