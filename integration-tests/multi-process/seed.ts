import type { ExecArgs } from "@medusajs/framework/types"
import { SMS_RECOVERY_MODULE } from "../../src/modules/sms_recovery"
import type SmsRecoveryModuleService from "../../src/modules/sms_recovery/service"
import { webhookUrls } from "../../src/modules/sms_recovery/webhook-urls"
import { seedIdleCarts } from "../../support/seed-idle-carts"
import { seedStore } from "../../support/seed-store"
import { sweepClock } from "./clock"

const MINUTE_MS = 60_000
const CHUNK = 500

/**
 * Seeds the store, switches the default campaign on and seeds `MULTI_PROCESS_TEXTS` idle carts
 * whose first reminder is due, plus one cart for the number the run texts STOP from, due last
 * (the claim takes the oldest due first), so the STOP usually arrives before its turn. Prints
 * `SEEDED <json>` with what the runner needs.
 */
export default async function seed({ container }: ExecArgs) {
  const now = sweepClock()()
  const texts = Number(process.env.MULTI_PROCESS_TEXTS)
  const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
  const { regionId } = await seedStore(container)

  await smsRecovery.ensureDefaultCampaign()
  const [campaign] = await smsRecovery.listCampaigns({})
  await smsRecovery.updateCampaigns([
    { id: campaign.id, enabled: true, active_since: new Date(now.getTime() - 2 * 60 * MINUTE_MS) },
  ])

  const phones = Array.from({ length: texts }, (_, i) => `+1415${3_000_000 + i}`)
  for (let first = 0; first < texts; first += CHUNK) {
    await seedIdleCarts(container, {
      regionId,
      phones: phones.slice(first, first + CHUNK),
      firstIndex: first,
      lastActivityAt: new Date(now.getTime() - 60 * MINUTE_MS),
      dueAt: new Date(now.getTime() - MINUTE_MS),
    })
  }
  const stopPhone = "+14159999999"
  const stopDueAt = new Date(now.getTime() - MINUTE_MS / 2)
  await seedIdleCarts(container, {
    regionId,
    phones: [stopPhone],
    firstIndex: texts,
    lastActivityAt: new Date(now.getTime() - 60 * MINUTE_MS),
    dueAt: stopDueAt,
  })
  // The only recovery due at that moment.
  const [stopRecovery] = await smsRecovery.listRecoveries({ next_send_at: stopDueAt })
  console.log(`SEEDED ${JSON.stringify({ stopPhone, stopRecoveryId: stopRecovery.id, inboundUrl: webhookUrls(smsRecovery.getOptions()).inbound })}`)
}
