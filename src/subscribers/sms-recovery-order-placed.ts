import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { OrderWorkflowEvents } from "@medusajs/framework/utils"
import { attributeOrderWorkflow } from "../workflows/attribute-order"

/** Credits a placed order to the recovery text that brought the shopper back. */
export default async function smsRecoveryOrderPlacedHandler({
  event: { data },
  container,
}: SubscriberArgs<{ id: string }>) {
  await attributeOrderWorkflow(container).run({
    input: { order_id: data.id },
  })
}

export const config: SubscriberConfig = {
  event: OrderWorkflowEvents.PLACED,
  context: { subscriberId: "sms-recovery-order-placed" },
}
