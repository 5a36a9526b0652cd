import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { CountryCode } from "libphonenumber-js"
import { evaluateReminder, type ReminderFacts } from "../../lib/eligibility"
import { normalizePhone } from "../../lib/phone"
import type { RecoveryStatus } from "../../lib/recovery-status"
import { resolveTimeZone } from "../../lib/timezone"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"
import type { CampaignWithSteps } from "../../modules/sms_recovery/types"
import { scheduleOf } from "../../lib/recovery-schedule"
import type { ReminderCart, ReminderContext, ReminderRecovery } from "../utils/reminder-types"

export type LoadReminderPageStepInput = {
  recovery_ids: string[]
  now: Date
  /** The sweep worker running this, when one is: its claims must still hold. */
  worker_id?: string
}

type CartAddress = {
  first_name?: string | null
  phone?: string | null
  country_code?: string | null
  province?: string | null
} | null

type CartRecord = {
  id: string
  email: string | null
  currency_code: string
  customer_id: string | null
  completed_at: Date | string | null
  total: number | string | null
  items: { title: string | null; product_title: string | null; quantity: number; unit_price: number | string }[] | null
  shipping_address: CartAddress
  billing_address: CartAddress
  customer: { first_name?: string | null; phone?: string | null } | null
}

const CART_FIELDS = [
  "id",
  "email",
  "currency_code",
  "customer_id",
  "completed_at",
  "total",
  "items.title",
  "items.product_title",
  "items.quantity",
  "items.unit_price",
  "shipping_address.first_name",
  "shipping_address.phone",
  "shipping_address.country_code",
  "shipping_address.province",
  "billing_address.first_name",
  "billing_address.phone",
  "customer.first_name",
  "customer.phone",
]

const DAY_MS = 24 * 3_600_000

export const loadReminderPageStepId = "load-reminder-page"

/**
 * Loads what a page of due reminders is decided on, in a handful of queries for the whole page
 * (recoveries, their campaigns, carts with totals, consents, texts sent per recovery and per
 * number, orders since the carts were left), and runs the send-time checks for each.
 */
export const loadReminderPageStep = createStep(
  loadReminderPageStepId,
  async (input: LoadReminderPageStepInput, { container }) => {
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const options = smsRecovery.getOptions()
    const now = new Date(input.now)

    const recoveries = (await smsRecovery.listRecoveries({ id: input.recovery_ids })).map(toReminderRecovery)
    const campaigns = await loadCampaigns(smsRecovery, recoveries)
    const carts = await loadCarts(container, recoveries.map((recovery) => recovery.cart_id))
    const phones = new Map(
      [...carts.values()].map((cart) => [cart.id, cartPhone(cart, options.defaultCountry as CountryCode)])
    )
    const e164s = [...new Set([...phones.values()].flatMap((phone) => (phone ? [phone.e164] : [])))]
    const [consents, sentSteps, sentToPhones, orderedCustomers] = await Promise.all([
      smsRecovery.listConsents({ phone: e164s }, { select: ["phone", "status"] }),
      smsRecovery.listSentStepsByRecovery(recoveries.map((recovery) => recovery.id)),
      smsRecovery.listSentAtForPhones(e164s, new Date(now.getTime() - DAY_MS)),
      customersWithOrdersSince(container, recoveries, carts),
    ])
    const consentOf = new Map(consents.map((consent) => [consent.phone, consent.status]))

    const contexts = recoveries.map((recovery): ReminderContext => {
      const campaign = recovery.campaign_id ? campaigns.get(recovery.campaign_id) ?? null : null
      const step = campaign?.steps.find((s) => s.position === recovery.next_step) ?? null
      const record = carts.get(recovery.cart_id) ?? null
      const cart = record ? toReminderCart(record) : null
      const phone = phones.get(recovery.cart_id) ?? null
      const { abandonedAt, dueAt } = scheduleOf(recovery.last_activity_at, campaign, step)
      const address = record?.shipping_address ?? record?.billing_address
      const timeZone = resolveTimeZone(
        { countryCode: address?.country_code, province: address?.province, phoneE164: phone?.e164 },
        options.defaultTimezone
      ).timeZone
      const facts: ReminderFacts = {
        now,
        recoveryStatus: recovery.status,
        claimHeld: input.worker_id === undefined || recovery.claimed_by === input.worker_id,
        campaign: campaign ? campaignFacts(campaign) : null,
        step: step ? { position: step.position, channel: step.channel, expires_after_hours: step.expires_after_hours } : null,
        dueAt,
        abandonedAt,
        lastActivityAt: recovery.last_activity_at,
        cart: cart ? { completed: cart.completed, itemCount: cart.item_count, total: cart.total, email: cart.email } : null,
        phone: phone ? { e164: phone.e164, country: phone.country } : null,
        consentStatus: phone ? consentOf.get(phone.e164) ?? "none" : "none",
        smsSentThisRecovery: (sentSteps.get(recovery.id) ?? []).filter((sent) => sent.channel === "sms").length,
        stepAlreadySent: (sentSteps.get(recovery.id) ?? []).some((sent) => sent.step_position === recovery.next_step),
        sentToPhoneLast24h: phone ? sentToPhones.get(phone.e164) ?? [] : [],
        orderedSinceAbandonment: orderedCustomers.has(recovery.id),
        timeZone,
      }
      return {
        now,
        recovery,
        campaign,
        step,
        cart,
        phone: phone?.e164 ?? null,
        time_zone: timeZone,
        abandoned_at: abandonedAt,
        due_at: dueAt,
        decision: evaluateReminder(facts),
      }
    })
    return new StepResponse(contexts)
  }
)

function toReminderRecovery(recovery: {
  id: string
  cart_id: string
  campaign_id: string | null
  status: RecoveryStatus
  next_step: number
  last_activity_at: Date | string
  claimed_by: string | null
  send_attempts: number
}): ReminderRecovery {
  return {
    id: recovery.id,
    cart_id: recovery.cart_id,
    campaign_id: recovery.campaign_id,
    status: recovery.status,
    next_step: recovery.next_step,
    last_activity_at: new Date(recovery.last_activity_at),
    claimed_by: recovery.claimed_by,
    send_attempts: recovery.send_attempts,
  }
}

async function loadCampaigns(smsRecovery: SmsRecoveryModuleService, recoveries: ReminderRecovery[]) {
  const ids = [...new Set(recoveries.flatMap((recovery) => (recovery.campaign_id ? [recovery.campaign_id] : [])))]
  const campaigns = await Promise.all(ids.map((id) => smsRecovery.getCampaignWithSteps(id)))
  return new Map(campaigns.flatMap((campaign) => (campaign ? [[campaign.id, campaign] as const] : [])))
}

async function loadCarts(container: MedusaContainer, cartIds: string[]): Promise<Map<string, CartRecord>> {
  if (!cartIds.length) {
    return new Map()
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "cart", fields: CART_FIELDS, filters: { id: cartIds } })
  return new Map((data as CartRecord[]).map((cart) => [cart.id, cart]))
}

function toReminderCart(cart: CartRecord): ReminderCart {
  const items = cart.items ?? []
  const top = [...items].sort(
    (a, b) => Number(b.unit_price) * b.quantity - Number(a.unit_price) * a.quantity
  )[0]
  const address = cart.shipping_address ?? cart.billing_address
  return {
    id: cart.id,
    email: cart.email,
    currency_code: cart.currency_code,
    customer_id: cart.customer_id,
    completed: Boolean(cart.completed_at),
    total: Number(cart.total ?? 0),
    item_count: items.reduce((sum, item) => sum + item.quantity, 0),
    top_item: top ? top.product_title ?? top.title : null,
    first_name:
      cart.shipping_address?.first_name ||
      cart.billing_address?.first_name ||
      cart.customer?.first_name ||
      null,
    country_code: address?.country_code ?? null,
  }
}

/** The number a reminder goes to: the shipping address's, else billing's, else the customer's. */
function cartPhone(cart: CartRecord, defaultCountry: CountryCode) {
  const candidates = [cart.shipping_address?.phone, cart.billing_address?.phone, cart.customer?.phone]
  for (const candidate of candidates) {
    const phone = candidate ? normalizePhone(candidate, defaultCountry) : null
    if (phone) {
      return phone
    }
  }
  return null
}

function campaignFacts(campaign: CampaignWithSteps): NonNullable<ReminderFacts["campaign"]> {
  return {
    enabled: campaign.enabled,
    active_since: campaign.active_since ? new Date(campaign.active_since) : null,
    max_per_phone_per_24h: campaign.max_per_phone_per_24h,
    quiet_hours_start: campaign.quiet_hours_start,
    quiet_hours_end: campaign.quiet_hours_end,
    min_cart_total: campaign.min_cart_total === null ? null : Number(campaign.min_cart_total),
  }
}

/**
 * The recoveries whose shopper (a known customer) has ordered since the cart was left, which
 * means the cart was bought another way: one query for the page.
 */
async function customersWithOrdersSince(
  container: MedusaContainer,
  recoveries: ReminderRecovery[],
  carts: Map<string, CartRecord>
): Promise<Set<string>> {
  const withCustomer = recoveries.flatMap((recovery) => {
    const customerId = carts.get(recovery.cart_id)?.customer_id
    return customerId ? [{ recovery, customerId }] : []
  })
  if (!withCustomer.length) {
    return new Set()
  }
  const since = new Date(Math.min(...withCustomer.map(({ recovery }) => recovery.last_activity_at.getTime())))
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: ["customer_id", "created_at"],
    filters: { customer_id: [...new Set(withCustomer.map(({ customerId }) => customerId))], created_at: { $gte: since } },
  })
  const orders = data as { customer_id: string; created_at: Date | string }[]
  return new Set(
    withCustomer
      .filter(({ recovery, customerId }) =>
        orders.some((order) => order.customer_id === customerId && new Date(order.created_at) >= recovery.last_activity_at)
      )
      .map(({ recovery }) => recovery.id)
  )
}
