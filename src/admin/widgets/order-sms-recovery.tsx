import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Container, Heading, Text } from "@medusajs/ui"
import { useMessages } from "../hooks/api"
import { formatDateTime, formatNumber } from "../lib/format"

const MODELS: Record<string, string> = {
  click: "the shopper clicked the text's link",
  view: "the text was delivered shortly before the order, without a click",
}

/** On an order that a reminder is credited with: the texts that led to it. */
const OrderSmsRecoveryWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { data, isError } = useMessages({ order_id: order.id, limit: 20, offset: 0 })
  const credited = data?.messages.find((message) => message.attribution)
  if (isError) {
    return (
      <Container className="px-6 py-4">
        <Text size="small" className="text-ui-fg-error">Could not load the SMS reminders of this order</Text>
      </Container>
    )
  }
  if (!data || !credited?.attribution) {
    return null
  }
  return (
    <Container className="divide-y p-0" data-testid="sms-recovery-order-widget">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Recovered by SMS</Heading>
        <Badge size="2xsmall" color="green">{credited.attribution.model}</Badge>
      </div>
      <Text size="small" className="px-6 py-3 text-ui-fg-subtle">
        Credited because {MODELS[credited.attribution.model] ?? credited.attribution.model}.
      </Text>
      <ul className="flex flex-col gap-y-2 px-6 py-3">
        {data.messages.map((message) => (
          <li key={message.id} className="flex flex-col">
            <Text size="small" weight="plus">
              Step {message.step_position}
              {message.variant_name ? ` (${message.variant_name})` : ""} · {message.status}
              {message.id === credited.id ? " · credited" : ""}
            </Text>
            <Text size="xsmall" className="text-ui-fg-subtle">
              {formatDateTime(message.sent_at)} · {formatNumber(message.clicks)} click{message.clicks === 1 ? "" : "s"}
            </Text>
          </li>
        ))}
      </ul>
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.side.after",
})

export default OrderSmsRecoveryWidget
