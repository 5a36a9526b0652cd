import type { ExecArgs } from "@medusajs/framework/types"
import { ensureAdminUser, seedStore } from "../../support/seed-store"
import { forgetDemoShoppers, type DemoShopper } from "./forget-shoppers"

/**
 * Seeds the demo store (idempotently) and forgets the demo shoppers of earlier runs
 * (`DEMO_SHOPPERS`, a JSON array of `{ phone, email }`). Prints `DEMO_*` lines that
 * `npm run demo` reads.
 */
export default async function seedDemo({ container }: ExecArgs) {
  const adminEmail = process.env.DEMO_ADMIN_EMAIL || "admin@example.com"
  const adminPassword = process.env.DEMO_ADMIN_PASSWORD || "supersecret"
  const shoppers: DemoShopper[] = JSON.parse(process.env.DEMO_SHOPPERS || "[]")

  const store = await seedStore(container)
  await ensureAdminUser(container, adminEmail, adminPassword)
  const forgotten = await forgetDemoShoppers(container, shoppers)

  console.log(`DEMO_REGION_ID=${store.regionId}`)
  console.log(`DEMO_PUBLISHABLE_KEY=${store.publishableKey}`)
  console.log(`DEMO_VARIANT_ID=${store.variantId}`)
  console.log(`DEMO_SHIPPING_OPTION_ID=${store.shippingOptionId}`)
  console.log(`DEMO_ADMIN_EMAIL=${adminEmail}`)
  console.log(`DEMO_ADMIN_PASSWORD=${adminPassword}`)
  console.log(`DEMO_FORGOTTEN=${JSON.stringify(forgotten)}`)
}
