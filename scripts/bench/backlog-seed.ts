import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { SMS_RECOVERY_MODULE } from "../../src/modules/sms_recovery"
import type SmsRecoveryModuleService from "../../src/modules/sms_recovery/service"

export type BacklogSeedInput = {
  regionId: string
  /** Shopper numbers `first` to `first + count - 1`; distinct ranges give distinct carts and phones. */
  first: number
  count: number
  lastActivityAt: Date
  dueAt: Date
}

/**
 * The rows `seedIdleCarts` (support/seed-idle-carts.ts) makes through the cart and recovery
 * modules, written by the database in one transaction of set-based inserts: a cart (USD, the
 * region, a shopper's email) with a Californian shipping address and phone and a $49 Linen Shirt,
 * the number opted in, and a recovery tracked by the first campaign, due at `dueAt`. Shopper n's
 * number is +1415(2000000 + n), as the small sweep's seed numbers them. A 100,000-cart backlog
 * through the modules takes about 20 minutes on a 2-core machine and swells the bench process
 * with 100,000 carts' entities before the sweep's memory is measured; this takes seconds.
 */
export async function seedBacklogCarts(container: MedusaContainer, input: BacklogSeedInput): Promise<void> {
  const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
  const [campaign] = await smsRecovery.listCampaigns({})
  const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const shoppers = [input.first, input.first + input.count - 1]
  await pg.transaction(async (trx) => {
    await trx.raw(
      `INSERT INTO cart_address (id, first_name, phone, country_code, province)
       SELECT 'caaddr_backlog_' || n, 'Shopper' || n, '+1415' || (2000000 + n), 'us', 'CA'
         FROM generate_series(?::int, ?::int) AS n`,
      shoppers
    )
    await trx.raw(
      `INSERT INTO cart (id, region_id, email, currency_code, shipping_address_id)
       SELECT 'cart_backlog_' || n, ?, 'shopper' || n || '@example.com', 'usd', 'caaddr_backlog_' || n
         FROM generate_series(?::int, ?::int) AS n`,
      [input.regionId, ...shoppers]
    )
    await trx.raw(
      `INSERT INTO cart_line_item (id, cart_id, title, product_title, quantity, unit_price, raw_unit_price)
       SELECT 'cali_backlog_' || n, 'cart_backlog_' || n, 'Linen Shirt', 'Linen Shirt', 1, 49,
              '{"value": "49", "precision": 20}'::jsonb
         FROM generate_series(?::int, ?::int) AS n`,
      shoppers
    )
    await trx.raw(
      `INSERT INTO sms_consent (id, phone, status)
       SELECT 'smscons_backlog_' || n, '+1415' || (2000000 + n), 'opted_in'
         FROM generate_series(?::int, ?::int) AS n`,
      shoppers
    )
    await trx.raw(
      `INSERT INTO sms_recovery (id, cart_id, campaign_id, status, last_activity_at, next_send_at)
       SELECT 'smsrec_backlog_' || n, 'cart_backlog_' || n, ?, 'tracking', ?::timestamptz, ?::timestamptz
         FROM generate_series(?::int, ?::int) AS n`,
      [campaign.id, input.lastActivityAt, input.dueAt, ...shoppers]
    )
  })
  // What autovacuum does after a bulk load, so the sweep's first pages plan and read as later ones.
  await pg.raw(`VACUUM ANALYZE cart_address, cart, cart_line_item, sms_consent, sms_recovery`)
}
