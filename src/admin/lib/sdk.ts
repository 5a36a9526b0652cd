import Medusa from "@medusajs/js-sdk"

/** The admin's own session: the dashboard is served by the same Medusa server. */
export const sdk = new Medusa({
  baseUrl: __BACKEND_URL__ || "/",
  debug: import.meta.env.DEV,
  auth: { type: "session" },
})
