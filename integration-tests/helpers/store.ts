import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { TestEventUtils } from "@medusajs/test-utils"
import { ensureAdminUser, seedStore, type SeededStore } from "../../support/seed-store"

type Api = {
  get: (url: string, config?: object) => Promise<{ status: number; data: any }>
  post: (url: string, body?: object, config?: object) => Promise<{ status: number; data: any }>
}

export type ShopperDetails = {
  phone?: string
  firstName?: string
  email?: string
  countryCode?: string
  province?: string
  quantity?: number
}

/** A seeded store plus the headers a storefront and an admin send. */
export type TestStore = SeededStore & {
  container: MedusaContainer
  storeHeaders: { headers: Record<string, string> }
  adminHeaders: { headers: Record<string, string> }
}

export async function setUpStore(api: Api, container: MedusaContainer): Promise<TestStore> {
  const seeded = await seedStore(container)
  const email = "admin@example.com"
  const password = "supersecret"
  await ensureAdminUser(container, email, password)
  const { data } = await api.post("/auth/user/emailpass", { email, password })
  return {
    ...seeded,
    container,
    storeHeaders: { headers: { "x-publishable-api-key": seeded.publishableKey } },
    adminHeaders: { headers: { authorization: `Bearer ${data.token}` } },
  }
}

/** A cart made the way a storefront makes it: created, an item added, the address given. */
export async function createShopperCart(
  api: Api,
  store: TestStore,
  shopper: ShopperDetails = {}
): Promise<string> {
  const email = shopper.email ?? "ana.silva@example.com"
  const { data } = await afterSubscribers(store, "cart.created", () =>
    api.post("/store/carts", { region_id: store.regionId, email }, store.storeHeaders)
  )
  const cartId: string = data.cart.id
  if (shopper.quantity !== 0) {
    await afterSubscribers(store, "cart.updated", () =>
      api.post(
        `/store/carts/${cartId}/line-items`,
        { variant_id: store.variantId, quantity: shopper.quantity ?? 1 },
        store.storeHeaders
      )
    )
  }
  const address = {
    first_name: shopper.firstName ?? "Ana",
    last_name: "Silva",
    address_1: "1 Market St",
    city: "San Francisco",
    country_code: shopper.countryCode ?? "us",
    province: shopper.province ?? "CA",
    postal_code: "94105",
    ...(shopper.phone ? { phone: shopper.phone } : {}),
  }
  await afterSubscribers(store, "cart.updated", () =>
    api.post(
      `/store/carts/${cartId}`,
      { shipping_address: address, billing_address: address },
      store.storeHeaders
    )
  )
  return cartId
}

/** Adds a variant to the cart as a storefront would, once its events are handled. */
export async function addShopperItem(api: Api, store: TestStore, cartId: string, variantId: string, quantity = 1) {
  await afterSubscribers(store, "cart.updated", () =>
    api.post(`/store/carts/${cartId}/line-items`, { variant_id: variantId, quantity }, store.storeHeaders)
  )
}

/** Updates the cart as a storefront would (`POST /store/carts/:id`), once its events are handled. */
export async function updateShopperCart(api: Api, store: TestStore, cartId: string, body: Record<string, unknown>) {
  await afterSubscribers(store, "cart.updated", () => api.post(`/store/carts/${cartId}`, body, store.storeHeaders))
}

/**
 * Runs a storefront request and waits for the subscribers of the event it emits: the local
 * event bus runs them after the response, and a test that then moves the cart's clock back
 * must not have a late cart event move it forward again.
 */
async function afterSubscribers<T>(store: TestStore, event: string, request: () => Promise<T>): Promise<T> {
  const eventBus = store.container.resolve(Modules.EVENT_BUS)
  const handled = TestEventUtils.waitSubscribersExecution(event, eventBus)
  const response = await request()
  await Promise.race([handled, new Promise((resolve) => setTimeout(resolve, 15_000))])
  return response
}

/**
 * Checks the cart out as a storefront would and waits for the `order.placed` subscribers (the
 * plugin's attribution among them); returns the order.
 */
export async function completeShopperCart(api: Api, store: TestStore, cartId: string) {
  await afterSubscribers(store, "cart.updated", () =>
    api.post(`/store/carts/${cartId}/shipping-methods`, { option_id: store.shippingOptionId }, store.storeHeaders)
  )
  const { data: collection } = await api.post(
    "/store/payment-collections",
    { cart_id: cartId },
    store.storeHeaders
  )
  await api.post(
    `/store/payment-collections/${collection.payment_collection.id}/payment-sessions`,
    { provider_id: "pp_system_default" },
    store.storeHeaders
  )
  const { data } = await afterSubscribers(store, "order.placed", () =>
    api.post(`/store/carts/${cartId}/complete`, {}, store.storeHeaders)
  )
  if (data.type !== "order") {
    throw new Error(`Checkout did not place an order: ${JSON.stringify(data).slice(0, 500)}`)
  }
  return data.order
}
