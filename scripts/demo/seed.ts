import type { ExecArgs } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { SMS_RECOVERY_MODULE } from "../../src/modules/sms_recovery"
import type SmsRecoveryModuleService from "../../src/modules/sms_recovery/service"
import { ensureAdminUser, seedStore } from "../../support/seed-store"

/**
 * Seeds the demo store (idempotently) and sends one test text through the Sinch provider.
 * Prints `DEMO_*` lines that `npm run demo` reads.
 */
export default async function seedDemo({ container }: ExecArgs) {
  const adminEmail = process.env.DEMO_ADMIN_EMAIL || "admin@example.com"
  const adminPassword = process.env.DEMO_ADMIN_PASSWORD || "supersecret"
  const demoPhone = process.env.DEMO_PHONE || "+14155550123"

  const store = await seedStore(container)
  await ensureAdminUser(container, adminEmail, adminPassword)

  const options = container
    .resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    .getOptions()
  const notifications = container.resolve(Modules.NOTIFICATION)
  const notification = await notifications.createNotifications({
    to: demoPhone,
    channel: "sms",
    template: "demo-test-text",
    content: {
      text: `${options.brandName}: this is a test text from medusa-sms-cart-recovery. Reply STOP to opt out`,
    },
    idempotency_key: `demo:test-text:${Date.now()}`,
  })

  console.log(`DEMO_REGION_ID=${store.regionId}`)
  console.log(`DEMO_PUBLISHABLE_KEY=${store.publishableKey}`)
  console.log(`DEMO_ADMIN=${adminEmail} / ${adminPassword}`)
  console.log(`DEMO_TEST_TEXT_BATCH=${notification.external_id}`)
}
