import { writeFileSync } from "node:fs"
import type { ExecArgs } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import {
  createCustomersWorkflow,
  createOrderWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createUsersWorkflow,
} from "@medusajs/medusa/core-flows"

const HOUR_MS = 3_600_000
export const ADMIN = { email: "admin@example.com", password: "supersecret" }
const SHOPPER_PHONE = "+14155550142"

/**
 * What the browser test checks the dashboard against: an admin, a customer with a consent
 * ledger, an order, and three reminder texts of the default campaign (3 clicks, one delivered
 * text credited with that $54.00 order, one cart with its next reminder scheduled). Writes the
 * ids to `E2E_SEED_OUT`.
 */
export default async function seedE2e({ container }: ExecArgs) {
  const smsRecovery = container.resolve<any>("sms_recovery")
  await smsRecovery.ensureDefaultCampaign()
  const [campaign] = await smsRecovery.listCampaigns({}, { relations: ["steps", "steps.variants"] })
  const stepAt = (position: number) => campaign.steps.find((step: any) => step.position === position)

  const { result: [salesChannel] } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: "E2E Store" }] },
  })
  const { result: [region] } = await createRegionsWorkflow(container).run({
    input: { regions: [{ name: "E2E US", currency_code: "usd", countries: ["us"], payment_providers: ["pp_system_default"] }] },
  })
  const { result: [customer] } = await createCustomersWorkflow(container).run({
    input: { customersData: [{ email: "ana@example.com", first_name: "Ana", last_name: "Shopper", phone: SHOPPER_PHONE }] },
  })
  const { result: order } = await createOrderWorkflow(container).run({
    input: {
      region_id: region.id,
      sales_channel_id: salesChannel.id,
      customer_id: customer.id,
      email: customer.email,
      currency_code: "usd",
      items: [{ title: "Linen Shirt", quantity: 1, unit_price: 54 }],
    },
  })

  await createAdmin(container)

  const now = Date.now()
  const text = async (index: number, step: number, fields: Record<string, unknown>, nextSendAt: Date | null = null) => {
    const recovery = await smsRecovery.createRecoveries({
      cart_id: `cart_e2e_${index}`,
      phone: SHOPPER_PHONE,
      customer_id: customer.id,
      campaign_id: campaign.id,
      status: "active",
      last_activity_at: new Date(now - 30 * HOUR_MS),
      next_step: step + 1,
      next_send_at: nextSendAt,
    })
    const message = await smsRecovery.createMessages({
      recovery_id: recovery.id,
      step_id: stepAt(step).id,
      step_position: step,
      variant_id: stepAt(step).variants[0].id,
      idempotency_key: `e2e:${recovery.id}:${step}`,
      to: SHOPPER_PHONE,
      body: "Acme: Ana, your Linen Shirt is still in your cart. Reply STOP to opt out",
      segments: 1,
      link_code: `e2eLinkCode${index}`,
      link_expires_at: new Date(now + 24 * HOUR_MS),
      ...fields,
    })
    return { recovery, message }
  }
  const sentAt = (hoursAgo: number) => new Date(now - hoursAgo * HOUR_MS)
  const credited = await text(1, 1, { status: "delivered", sent_at: sentAt(26), delivered_at: sentAt(26), clicks: 2, first_clicked_at: sentAt(25), last_clicked_at: sentAt(25) })
  // Its second step is scheduled: switching the campaign off would cancel it.
  await text(2, 1, { status: "delivered", sent_at: sentAt(20), delivered_at: sentAt(20), clicks: 1, first_clicked_at: sentAt(19), last_clicked_at: sentAt(19) }, new Date(now + 4 * HOUR_MS))
  await text(3, 2, { status: "failed", sent_at: sentAt(3), error_code: "unreachable", error_message: "Handset unreachable" })
  await smsRecovery.createAttributionOnce({
    order_id: order.id,
    recovery_id: credited.recovery.id,
    message_id: credited.message.id,
    model: "click",
    amount: "54",
    currency_code: "usd",
    attributed_at: sentAt(24),
  })

  const consent = await smsRecovery.createConsents({ phone: SHOPPER_PHONE, status: "opted_in", country: "US", customer_id: customer.id })
  await smsRecovery.createConsentEvents([
    {
      consent_id: consent.id,
      phone: SHOPPER_PHONE,
      type: "opted_in",
      channel: "checkout",
      consent_text: "Text me reminders about my cart. Msg & data rates may apply. Reply STOP to opt out.",
      consent_text_version: "v1",
      source_url: "https://acme.example/checkout",
      occurred_at: sentAt(30),
    },
  ])

  const out = process.env.E2E_SEED_OUT
  const seeded = { order_id: order.id, customer_id: customer.id, campaign_id: campaign.id, shopper_phone: SHOPPER_PHONE }
  if (out) {
    writeFileSync(out, JSON.stringify(seeded))
  }
}

async function createAdmin(container: ExecArgs["container"]) {
  const { result: [user] } = await createUsersWorkflow(container).run({ input: { users: [{ email: ADMIN.email }] } })
  const auth = container.resolve(Modules.AUTH)
  const { authIdentity, error } = await auth.register("emailpass", { body: ADMIN })
  if (error || !authIdentity) {
    throw new Error(`Could not create the admin user: ${error}`)
  }
  await auth.updateAuthIdentities({ id: authIdentity.id, app_metadata: { user_id: user.id } })
}
