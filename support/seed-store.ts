import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  createTaxRegionsWorkflow,
  createUsersWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
} from "@medusajs/medusa/core-flows"

/**
 * A store a shopper can check out in: region (US, USD), tax, sales channel, publishable key,
 * stock location with shipping, and a "Linen Shirt" at $49. Idempotent: a second run finds
 * what the first made. Used by the demo and the integration tests; not shipped.
 */
export type SeededStore = {
  regionId: string
  salesChannelId: string
  publishableKey: string
  variantId: string
  shippingOptionId: string
}

export async function seedStore(container: MedusaContainer): Promise<SeededStore> {
  const salesChannelId = await ensureSalesChannel(container)
  const regionId = await ensureRegion(container)
  const publishableKey = await ensurePublishableKey(container, salesChannelId)
  const shippingOptionId = await ensureShipping(container, salesChannelId, regionId)
  const variantId = await ensureProduct(container, salesChannelId)
  return { regionId, salesChannelId, publishableKey, variantId, shippingOptionId }
}

async function ensureSalesChannel(container: MedusaContainer): Promise<string> {
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

async function ensureRegion(container: MedusaContainer): Promise<string> {
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
  // Without a tax provider, adding a line item fails ("tax provider with id: null").
  await createTaxRegionsWorkflow(container).run({
    input: [{ country_code: "us", provider_id: "tp_system" }],
  })
  return result[0].id
}

async function ensurePublishableKey(
  container: MedusaContainer,
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

async function ensureShipping(
  container: MedusaContainer,
  salesChannelId: string,
  regionId: string
): Promise<string> {
  const fulfillment = container.resolve(Modules.FULFILLMENT)
  const [existing] = await fulfillment.listShippingOptions({ name: "Standard" })
  if (existing) {
    return existing.id
  }
  const { result: profiles } = await createShippingProfilesWorkflow(container).run({
    input: { data: [{ name: "Demo", type: "default" }] },
  })
  const { result: locations } = await createStockLocationsWorkflow(container).run({
    input: { locations: [{ name: "Demo warehouse", address: { address_1: "1 Main St", country_code: "us", city: "New York" } }] },
  })
  const location = locations[0]
  await linkSalesChannelsToStockLocationWorkflow(container).run({
    input: { id: location.id, add: [salesChannelId] },
  })
  const fulfillmentSet = await fulfillment.createFulfillmentSets({
    name: "Demo delivery",
    type: "shipping",
    service_zones: [{ name: "US", geo_zones: [{ type: "country", country_code: "us" }] }],
  })
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  await link.create([
    {
      [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
      [Modules.FULFILLMENT]: { fulfillment_set_id: fulfillmentSet.id },
    },
    {
      [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
      [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" },
    },
  ])
  const { result: options } = await createShippingOptionsWorkflow(container).run({
    input: [
      {
        name: "Standard",
        price_type: "flat",
        provider_id: "manual_manual",
        service_zone_id: fulfillmentSet.service_zones[0].id,
        shipping_profile_id: profiles[0].id,
        type: { label: "Standard", description: "3-5 days", code: "standard" },
        prices: [
          { currency_code: "usd", amount: 5 },
          { region_id: regionId, amount: 5 },
        ],
        rules: [
          { attribute: "enabled_in_store", value: "true", operator: "eq" },
          { attribute: "is_return", value: "false", operator: "eq" },
        ],
      },
    ],
  })
  return options[0].id
}

async function ensureProduct(container: MedusaContainer, salesChannelId: string): Promise<string> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "product_variant",
    fields: ["id"],
    filters: { sku: "LINEN-SHIRT-M" },
  })
  if (data.length) {
    return data[0].id
  }
  const fulfillment = container.resolve(Modules.FULFILLMENT)
  const [profile] = await fulfillment.listShippingProfiles({ name: "Demo" })
  const { result } = await createProductsWorkflow(container).run({
    input: {
      products: [
        {
          title: "Linen Shirt",
          handle: "linen-shirt",
          status: "published",
          shipping_profile_id: profile?.id,
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
  return result[0].variants[0].id
}

/** An admin who can log in with email and password. */
export async function ensureAdminUser(
  container: MedusaContainer,
  email: string,
  password: string
): Promise<void> {
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
    throw new Error(`Could not create the admin user: ${error}`)
  }
  await auth.updateAuthIdentities({
    id: authIdentity.id,
    app_metadata: { user_id: result[0].id },
  })
}
