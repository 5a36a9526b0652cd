import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { CountryCode } from "libphonenumber-js"
import { evaluateReminder, type ReminderFacts } from "../../lib/eligibility"
import { normalizePhone } from "../../lib/phone"
import { resolveTimeZone } from "../../lib/timezone"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"
import type { CampaignWithSteps } from "../../modules/sms_recovery/types"
import type { ReminderCart, ReminderContext, ReminderRecovery } from "../utils/reminder-types"

export type LoadReminderContextStepInput = {
  recovery_id: string
  now: Date
  /** The sweep worker running this, when one is: its claim must still hold. */
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

const MINUTE_MS = 60_000
const DAY_MS = 24 * 60 * MINUTE_MS

export const loadReminderContextStepId = "load-reminder-context"

/**
 * Loads what a due reminder is decided on (recovery, campaign step, cart, consent, recent
 * texts to the number, orders since the cart was left) and runs the send-time checks.
 */
export const loadReminderContextStep = createStep(
  loadReminderContextStepId,
  async (input: LoadReminderContextStepInput, { container }) => {
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const options = smsRecovery.getOptions()
    const now = new Date(input.now)

    const recovery = await loadRecovery(smsRecovery, input.recovery_id)
    const campaign = recovery.campaign_id
      ? await smsRecovery.getCampaignWithSteps(recovery.campaign_id)
      : null
    const step = campaign?.steps.find((s) => s.position === recovery.next_step) ?? null
    const record = await loadCart(container, recovery.cart_id)
    const cart = record ? toReminderCart(record) : null
    const phone = record ? cartPhone(record, options.defaultCountry as CountryCode) : null

    const abandonedAt = new Date(
      recovery.last_activity_at.getTime() + (campaign?.abandon_after_minutes ?? 0) * MINUTE_MS
    )
    const dueAt = new Date(abandonedAt.getTime() + (step?.delay_minutes ?? 0) * MINUTE_MS)
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
      consentStatus: phone ? await consentStatus(smsRecovery, phone.e164) : "none",
      smsSentThisRecovery: await countSmsSent(smsRecovery, recovery.id),
      sentToPhoneLast24h: phone
        ? await smsRecovery.listSentAtForPhone(phone.e164, new Date(now.getTime() - DAY_MS))
        : [],
      orderedSinceAbandonment: await hasOrderedSince(container, record, recovery.last_activity_at),
      timeZone,
    }

    const context: ReminderContext = {
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
    return new StepResponse(context)
  }
)

async function loadRecovery(
  smsRecovery: SmsRecoveryModuleService,
  id: string
): Promise<ReminderRecovery> {
  const [recovery] = await smsRecovery.listRecoveries({ id })
  if (!recovery) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Recovery ${id} was not found`)
  }
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

async function loadCart(container: MedusaContainer, cartId: string): Promise<CartRecord | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "cart",
    fields: CART_FIELDS,
    filters: { id: cartId },
  })
  return (data[0] as CartRecord | undefined) ?? null
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

async function consentStatus(
  smsRecovery: SmsRecoveryModuleService,
  phone: string
): Promise<ReminderFacts["consentStatus"]> {
  const [consent] = await smsRecovery.listConsents({ phone }, { select: ["status"] })
  return consent?.status ?? "none"
}

async function countSmsSent(smsRecovery: SmsRecoveryModuleService, recoveryId: string) {
  return smsRecovery.listAndCountMessages(
    { recovery_id: recoveryId, channel: "sms", status: ["sent", "delivered"] },
    { select: ["id"], take: 1 }
  ).then(([, count]) => count)
}

/** An order by the same customer after the cart was left means the cart was bought elsewhere. */
async function hasOrderedSince(
  container: MedusaContainer,
  cart: CartRecord | null,
  since: Date
): Promise<boolean> {
  if (!cart?.customer_id) {
    return false
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: ["id"],
    filters: { customer_id: cart.customer_id, created_at: { $gte: since } },
    pagination: { take: 1 },
  })
  return data.length > 0
}

