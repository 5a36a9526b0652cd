import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createTaxRegionsWorkflow,
  createUsersWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
} from "@medusajs/medusa/core-flows"
import { SMS_RECOVERY_MODULE } from "../../src/modules/sms_recovery"
import type SmsRecoveryModuleService from "../../src/modules/sms_recovery/service"

/**
 * Seeds the demo store (idempotently: a second run finds what the first made) and sends one
 * test text through the Sinch provider. Prints `DEMO_*` lines that `npm run demo` reads.
 */
export default async function seedDemo({ container }: ExecArgs) {
  const adminEmail = process.env.DEMO_ADMIN_EMAIL || "admin@example.com"
  const adminPassword = process.env.DEMO_ADMIN_PASSWORD || "supersecret"
  const demoPhone = process.env.DEMO_PHONE || "+14155550123"

  const salesChannelId = await ensureSalesChannel(container)
  const regionId = await ensureRegion(container)
  const publishableKey = await ensurePublishableKey(container, salesChannelId)
  await ensureProduct(container, salesChannelId)
  await ensureAdmin(container, adminEmail, adminPassword)

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

  console.log(`DEMO_REGION_ID=${regionId}`)
  console.log(`DEMO_PUBLISHABLE_KEY=${publishableKey}`)
  console.log(`DEMO_ADMIN=${adminEmail} / ${adminPassword}`)
  console.log(`DEMO_TEST_TEXT_BATCH=${notification.external_id}`)
}

type Container = ExecArgs["container"]

async function ensureSalesChannel(container: Container): Promise<string> {
  const salesChannels = container.resolve(Modules.SALES_CHANNEL)
  const [existing] = await salesChannels.listSalesChannels({ name: "Demo Store" })
  if (existing) {
    return existing.id
  }
  const { result } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: "Demo Store" }] },
  })
  return result[0].id
}

async function ensureRegion(container: Container): Promise<string> {
  const regions = container.resolve(Modules.REGION)
  const [existing] = await regions.listRegions({ name: "Demo US" })
  if (existing) {
    return existing.id
  }
  const { result } = await createRegionsWorkflow(container).run({
    input: {
      regions: [
        {
          name: "Demo US",
          currency_code: "usd",
          countries: ["us"],
          payment_providers: ["pp_system_default"],
        },
      ],
    },
  })
  await createTaxRegionsWorkflow(container).run({
    input: [{ country_code: "us", provider_id: "tp_system" }],
  })
  return result[0].id
}

async function ensurePublishableKey(
  container: Container,
  salesChannelId: string
): Promise<string> {
  const apiKeys = container.resolve(Modules.API_KEY)
  const [existing] = await apiKeys.listApiKeys({ title: "Demo storefront", type: "publishable" })
  if (existing) {
    return existing.token
  }
  const { result } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: "Demo storefront", type: "publishable", created_by: "" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({
    input: { id: result[0].id, add: [salesChannelId] },
  })
  return result[0].token
}

async function ensureProduct(container: Container, salesChannelId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "product",
    fields: ["id"],
    filters: { handle: "linen-shirt" },
  })
  if (data.length) {
    return
  }
  await createProductsWorkflow(container).run({
    input: {
      products: [
        {
          title: "Linen Shirt",
          handle: "linen-shirt",
          status: "published",
          options: [{ title: "Size", values: ["M"] }],
          variants: [
            {
              title: "M",
              sku: "LINEN-SHIRT-M",
              options: { Size: "M" },
              manage_inventory: false,
              prices: [{ currency_code: "usd", amount: 49 }],
            },
          ],
          sales_channels: [{ id: salesChannelId }],
        },
      ],
    },
  })
}

async function ensureAdmin(container: Container, email: string, password: string) {
  const users = container.resolve(Modules.USER)
  const [existing] = await users.listUsers({ email })
  if (existing) {
    return
  }
  const { result } = await createUsersWorkflow(container).run({
    input: { users: [{ email }] },
  })
  const auth = container.resolve(Modules.AUTH)
  const { authIdentity, error } = await auth.register("emailpass", {
    body: { email, password },
  })
  if (error || !authIdentity) {
    throw new Error(`Could not create the demo admin: ${error}`)
  }
  await auth.updateAuthIdentities({
    id: authIdentity.id,
    app_metadata: { user_id: result[0].id },
  })
}
