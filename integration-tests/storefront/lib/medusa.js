import { cookies } from "next/headers"

// Read at request time: the test backend's port and key are only known when it runs.
export const backendUrl = () => process.env.MEDUSA_BACKEND_URL
export const publishableKey = () => process.env.MEDUSA_PUBLISHABLE_KEY

/** The cart in the starter's `_medusa_cart_id` cookie, as the starter's `retrieveCart` reads it. */
export async function retrieveCart() {
  const id = (await cookies()).get("_medusa_cart_id")?.value
  if (!id) {
    return null
  }
  const fields = "*items,*promotions,*shipping_address,total,discount_total,currency_code"
  const response = await fetch(`${backendUrl()}/store/carts/${id}?fields=${fields}`, {
    headers: { "x-publishable-api-key": publishableKey() },
    cache: "no-store",
  })
  return response.ok ? (await response.json()).cart : null
}
