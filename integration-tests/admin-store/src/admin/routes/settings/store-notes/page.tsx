import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Container, Heading, Text } from "@medusajs/ui"

/** The store's own settings page: a plugin's settings page must still render beside it. */
const StoreNotesPage = () => (
  <Container className="p-6">
    <Heading level="h1">Store notes</Heading>
    <Text size="small">The store's own settings page.</Text>
  </Container>
)

export const config = defineRouteConfig({ label: "Store notes" })

export default StoreNotesPage
