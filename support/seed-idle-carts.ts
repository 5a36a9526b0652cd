import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { SMS_RECOVERY_MODULE } from "../src/modules/sms_recovery"
import type SmsRecoveryModuleService from "../src/modules/sms_recovery/service"

export type IdleCartsInput = {
  regionId: string
  /** One cart a number, each opted in; the shopper's first name and email follow its index. */
  phones: string[]
  /** Counted from `firstIndex`, so several batches of shoppers stay distinct. */
  firstIndex?: number
  lastActivityAt: Date
  /** When the first step falls due. */
  dueAt: Date
}

/**
 * Carts as a storefront leaves them (a $49 Linen Shirt, a Californian address and phone),
 * their numbers opted in and their recoveries tracked by the first campaign, due at `dueAt`:
 * a sweep's backlog, for the bench and the concurrency tests. Not shipped.
 */
export async function seedIdleCarts(container: MedusaContainer, input: IdleCartsInput): Promise<void> {
  const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
  const [campaign] = await smsRecovery.listCampaigns({})
  const first = input.firstIndex ?? 0
  const carts = await container.resolve(Modules.CART).createCarts(
    input.phones.map((phone, i) => ({
      currency_code: "usd",
      region_id: input.regionId,
      email: `shopper${first + i}@example.com`,
      items: [{ title: "Linen Shirt", product_title: "Linen Shirt", quantity: 1, unit_price: 49 }],
      shipping_address: { first_name: `Shopper${first + i}`, phone, country_code: "us", province: "CA" },
    }))
  )
  await smsRecovery.createConsents(input.phones.map((phone) => ({ phone, status: "opted_in" as const })))
  await smsRecovery.createRecoveries(
    carts.map((cart) => ({
      cart_id: cart.id,
      campaign_id: campaign.id,
      status: "tracking" as const,
      last_activity_at: input.lastActivityAt,
      next_send_at: input.dueAt,
    }))
  )
}
