import type { ExecArgs, MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { updateStoresWorkflow } from "@medusajs/medusa/core-flows"
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
  await sellInDollars(container)
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

/**
 * The demo store sells in dollars, so its default currency, which segment prices and the
 * texts' cost in the stats are in, is USD too (a new Medusa store's is EUR).
 */
async function sellInDollars(container: MedusaContainer) {
  const [store] = await container.resolve(Modules.STORE).listStores({}, { relations: ["supported_currencies"] })
  const currencies = store.supported_currencies ?? []
  if (currencies.some((currency) => currency.currency_code === "usd" && currency.is_default)) {
    return
  }
  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: store.id },
      update: {
        supported_currencies: [
          { currency_code: "usd", is_default: true },
          ...currencies
            .filter((currency) => currency.currency_code !== "usd")
            .map((currency) => ({ currency_code: currency.currency_code, is_default: false })),
        ],
      },
    },
  })
}
