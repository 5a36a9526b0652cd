import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { Container, Text } from "@medusajs/ui"

/** The store's own widget in the orders list zone the plugin also uses. */
const StoreOrdersBanner = () => (
  <Container className="px-6 py-3">
    <Text size="small">Store banner: orders ship within two days.</Text>
  </Container>
)

export const config = defineWidgetConfig({ zone: "order.list.before" })

export default StoreOrdersBanner
