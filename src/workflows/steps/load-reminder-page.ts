import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { CountryCode } from "libphonenumber-js"
import { evaluateReminder, type ReminderFacts } from "../../lib/eligibility"
import { purchasesPerCustomer } from "../../lib/order-history"
import { normalizePhone } from "../../lib/phone"
import type { RecoveryStatus } from "../../lib/recovery-status"
import { itemName } from "../../lib/reminder-format"
import { lowestStock, variantAvailability, type LowestStock, type VariantInventoryItem } from "../../lib/stock"
import { templateVariables } from "../../lib/template"
import { resolveTimeZone } from "../../lib/timezone"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"
import type { CampaignWithSteps, StepRow } from "../../modules/sms_recovery/types"
import { scheduleOf } from "../../lib/recovery-schedule"
import { startEpisodes } from "../utils/episode-start"
import {
  toReminderCampaign,
  toReminderPage,
  type ReminderCart,
  type ReminderContext,
  type ReminderRecovery,
} from "../utils/reminder-types"

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
  sales_channel_id: string | null
  completed_at: Date | string | null
  total: number | string | null
  items:
    | {
        title: string | null
        product_title: string | null
        variant_id: string | null
        quantity: number
        unit_price: number | string
      }[]
    | null
  shipping_address: CartAddress
  billing_address: CartAddress
  customer: { first_name?: string | null; phone?: string | null } | null
}

const CART_FIELDS = [
  "id",
  "email",
  "currency_code",
  "customer_id",
  "sales_channel_id",
  "completed_at",
  "items.title",
  "items.product_title",
  "items.variant_id",
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

type OrderRecord = { customer_id: string; status: string; created_at: Date | string }

type VariantInventoryRecord = {
  variant_id: string
  required_quantity: number
  variant: { manage_inventory: boolean; allow_backorder: boolean } | null
  inventory: {
    location_levels: { location_id: string; stocked_quantity: number; reserved_quantity: number }[] | null
  } | null
}

const DAY_MS = 24 * 3_600_000
/** Variables that cost an inventory lookup, made only for steps whose templates show them. */
const STOCK_VARIABLES = ["stock_left", "low_stock_item"]
/** The variable that shows the cart's total, which costs Medusa's totals computation. */
const TOTAL_VARIABLE = "cart_total"

export const loadReminderPageStepId = "load-reminder-page"

/**
 * Loads what a page of due reminders is decided on, in a handful of queries for the whole page
 * (recoveries, their campaigns, carts (with totals where a rule or a text needs them), consents, texts sent per recovery and per
 * number, the shoppers' orders, the stock of the carts' variants when the step's text shows
 * it), and runs the send-time checks for each.
 */
export const loadReminderPageStep = createStep(
  loadReminderPageStepId,
  async (input: LoadReminderPageStepInput, { container }) => {
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const options = smsRecovery.getOptions()
    const now = new Date(input.now)

    const { recoveries, unmatched } = await startEpisodes(
      container,
      (await smsRecovery.listRecoveries({ id: input.recovery_ids })).map(toReminderRecovery),
      await smsRecovery.listEnabledCampaigns(),
      options.linkSecret
    )
    const campaigns = await loadCampaigns(smsRecovery, recoveries)
    const stepOf = (recovery: ReminderRecovery) => {
      const campaign = recovery.campaign_id ? campaigns.get(recovery.campaign_id) : undefined
      return campaign?.steps.find((s) => s.position === recovery.next_step) ?? null
    }
    // Each step's templates parsed once a page, for the costly values no text of it shows.
    const variablesOf = new Map(
      [...campaigns.values()].flatMap((campaign) => campaign.steps.map((step) => [step.id, stepVariables(step)] as const))
    )
    const shows = (step: StepRow | null, names: string[]) =>
      Boolean(step && names.some((name) => variablesOf.get(step.id)?.has(name)))
    const carts = await loadCarts(
      container,
      recoveries.map((recovery) => recovery.cart_id),
      recoveries.flatMap((recovery) => {
        const campaign = recovery.campaign_id ? campaigns.get(recovery.campaign_id) : undefined
        const step = stepOf(recovery)
        return (campaign && limitsTotal(campaign)) || shows(step, [TOTAL_VARIABLE]) ? [recovery.cart_id] : []
      })
    )
    const phones = new Map(
      [...carts.values()].map((cart) => [cart.id, cartPhone(cart, options.defaultCountry as CountryCode)])
    )
    const e164s = [...new Set([...phones.values()].flatMap((phone) => (phone ? [phone.e164] : [])))]
    const [consents, sentSteps, sentToPhones, orders, stock] = await Promise.all([
      smsRecovery.listConsents({ phone: e164s }, { select: ["phone", "status"] }),
      smsRecovery.listSentStepsByRecovery(recoveries.map((recovery) => recovery.id)),
      smsRecovery.listSentAtForPhones(e164s, new Date(now.getTime() - DAY_MS)),
      loadCustomerOrders(container, [...carts.values()]),
      loadLowestStock(
        container,
        recoveries.flatMap((recovery) => {
          const cart = carts.get(recovery.cart_id)
          return cart && shows(stepOf(recovery), STOCK_VARIABLES) ? [cart] : []
        })
      ),
    ])
    const consentOf = new Map(consents.map((consent) => [consent.phone, consent.status]))
    const orderedCustomers = recoveriesOrderedSince(recoveries, carts, orders)
    const purchases = purchasesPerCustomer(orders)

    const contexts = recoveries.map((recovery): ReminderContext => {
      const campaign = recovery.campaign_id ? campaigns.get(recovery.campaign_id) ?? null : null
      const step = stepOf(recovery)
      const record = carts.get(recovery.cart_id) ?? null
      const cart = record ? toReminderCart(record, stock.get(record.id) ?? null, purchases) : null
      const phone = phones.get(recovery.cart_id) ?? null
      const { abandonedAt, dueAt } = scheduleOf(recovery.last_activity_at, campaign, step, recovery.cart_id)
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
        cart: cart ? { completed: cart.completed, itemCount: cart.item_count, total: cart.total ?? 0, email: cart.email } : null,
        phone: phone ? { e164: phone.e164, country: phone.country } : null,
        consentStatus: phone ? consentOf.get(phone.e164) ?? "none" : "none",
        smsSentThisRecovery: (sentSteps.get(recovery.id) ?? []).filter((sent) => sent.channel === "sms").length,
        stepAlreadySent: (sentSteps.get(recovery.id) ?? []).some((sent) => sent.step_position === recovery.next_step),
        sentToPhoneLast24h: phone ? sentToPhones.get(phone.e164) ?? [] : [],
        orderedSinceAbandonment: orderedCustomers.has(recovery.id),
        noCampaignMatches: unmatched.has(recovery.id),
        timeZone,
      }
      return {
        now,
        recovery,
        campaign: campaign ? toReminderCampaign(campaign) : null,
        step,
        cart,
        phone: phone?.e164 ?? null,
        time_zone: timeZone,
        abandoned_at: abandonedAt,
        due_at: dueAt,
        decision: evaluateReminder(facts),
      }
    })
    return new StepResponse(toReminderPage(now, contexts))
  }
)

function toReminderRecovery(recovery: {
  id: string
  cart_id: string
  campaign_id: string | null
  holdout: boolean
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
    holdout: recovery.holdout,
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

/**
 * The page's carts; the total only of `totalCartIds`, since asking for it makes Medusa load
 * every line's and shipping method's taxes and adjustments and compute the cart's totals.
 */
async function loadCarts(
  container: MedusaContainer,
  cartIds: string[],
  totalCartIds: string[]
): Promise<Map<string, CartRecord>> {
  if (!cartIds.length) {
    return new Map()
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const [{ data }, { data: totals }] = await Promise.all([
    query.graph({ entity: "cart", fields: CART_FIELDS, filters: { id: cartIds } }),
    totalCartIds.length
      ? query.graph({ entity: "cart", fields: ["id", "total"], filters: { id: totalCartIds } })
      : Promise.resolve({ data: [] }),
  ])
  const totalOf = new Map((totals as { id: string; total: number | string | null }[]).map((cart) => [cart.id, cart.total]))
  return new Map((data as CartRecord[]).map((cart) => [cart.id, { ...cart, total: totalOf.get(cart.id) ?? null }]))
}

function toReminderCart(
  cart: CartRecord,
  stock: LowestStock | null,
  purchases: ReadonlyMap<string, number>
): ReminderCart {
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
    total: cart.total === null ? null : Number(cart.total),
    item_count: items.reduce((sum, item) => sum + item.quantity, 0),
    top_item: top ? itemName(top) : null,
    first_name:
      cart.shipping_address?.first_name ||
      cart.billing_address?.first_name ||
      cart.customer?.first_name ||
      null,
    country_code: address?.country_code ?? null,
    stock_left: stock?.quantity ?? null,
    low_stock_item: stock?.item ?? null,
    orders_count: cart.customer_id ? purchases.get(cart.customer_id) ?? 0 : null,
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
 * Every order of the page's customers, in one query: what tells whether a cart was bought
 * another way and how often each shopper has bought before. A guest cart has the customer
 * Medusa keeps for its email, so a guest's earlier orders under that email count too.
 */
async function loadCustomerOrders(container: MedusaContainer, carts: CartRecord[]): Promise<OrderRecord[]> {
  const customerIds = distinct(carts.flatMap((cart) => (cart.customer_id ? [cart.customer_id] : [])))
  if (!customerIds.length) {
    return []
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: ["customer_id", "status", "created_at"],
    filters: { customer_id: customerIds },
  })
  return data as OrderRecord[]
}

/**
 * The recoveries whose shopper (a known customer) has ordered since the cart was left, which
 * means the cart was bought another way.
 */
function recoveriesOrderedSince(
  recoveries: ReminderRecovery[],
  carts: Map<string, CartRecord>,
  orders: OrderRecord[]
): Set<string> {
  return new Set(
    recoveries
      .filter((recovery) => {
        const customerId = carts.get(recovery.cart_id)?.customer_id
        return (
          customerId &&
          orders.some(
            (order) => order.customer_id === customerId && new Date(order.created_at) >= recovery.last_activity_at
          )
        )
      })
      .map((recovery) => recovery.id)
  )
}

/**
 * Each cart's scarcest tracked item, by cart id: one query for the stock of every variant in
 * the page and one for the stock locations of their sales channels. Only a channel's own
 * locations count, since those are the ones its shoppers can buy from.
 */
async function loadLowestStock(container: MedusaContainer, carts: CartRecord[]): Promise<Map<string, LowestStock | null>> {
  const variantIds = distinct(
    carts.flatMap((cart) => (cart.items ?? []).flatMap((item) => (item.variant_id ? [item.variant_id] : [])))
  )
  if (!variantIds.length) {
    return new Map()
  }
  const channelIds = distinct(carts.flatMap((cart) => (cart.sales_channel_id ? [cart.sales_channel_id] : [])))
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const [{ data: inventoryRecords }, { data: channelLocations }] = await Promise.all([
    query.graph({
      entity: "product_variant_inventory_items",
      fields: [
        "variant_id",
        "required_quantity",
        "variant.manage_inventory",
        "variant.allow_backorder",
        "inventory.location_levels.location_id",
        "inventory.location_levels.stocked_quantity",
        "inventory.location_levels.reserved_quantity",
      ],
      filters: { variant_id: variantIds },
    }),
    channelIds.length
      ? query.graph({
          entity: "sales_channel_locations",
          fields: ["sales_channel_id", "stock_location_id"],
          filters: { sales_channel_id: channelIds },
        })
      : Promise.resolve({ data: [] }),
  ])
  const inventory = (inventoryRecords as VariantInventoryRecord[]).map(toVariantInventoryItem)
  const locations = new Map<string, Set<string>>()
  for (const link of channelLocations as { sales_channel_id: string; stock_location_id: string }[]) {
    locations.set(link.sales_channel_id, (locations.get(link.sales_channel_id) ?? new Set()).add(link.stock_location_id))
  }
  const availabilityByChannel = new Map<string | null, Map<string, number>>()
  const availabilityIn = (channelId: string | null) => {
    let availability = availabilityByChannel.get(channelId)
    if (!availability) {
      availability = variantAvailability(inventory, channelId ? locations.get(channelId) ?? new Set() : null)
      availabilityByChannel.set(channelId, availability)
    }
    return availability
  }
  return new Map(
    carts.map((cart) => {
      const lines = (cart.items ?? []).map((item) => ({ name: itemName(item), variant_id: item.variant_id }))
      return [cart.id, lowestStock(lines, availabilityIn(cart.sales_channel_id))]
    })
  )
}

function stepVariables(step: StepRow): Set<string> {
  return new Set(step.variants.flatMap((variant) => templateVariables(variant.template)))
}

/** Whether a campaign takes carts by their total, which then has to be read. */
function limitsTotal(campaign: CampaignWithSteps): boolean {
  return campaign.min_cart_total !== null || campaign.max_cart_total !== null
}

function toVariantInventoryItem(record: VariantInventoryRecord): VariantInventoryItem {
  return {
    variant_id: record.variant_id,
    required_quantity: Number(record.required_quantity),
    manage_inventory: Boolean(record.variant?.manage_inventory),
    allow_backorder: Boolean(record.variant?.allow_backorder),
    levels: (record.inventory?.location_levels ?? []).map((level) => ({
      location_id: level.location_id,
      stocked_quantity: Number(level.stocked_quantity),
      reserved_quantity: Number(level.reserved_quantity),
    })),
  }
}

function distinct(values: string[]): string[] {
  return [...new Set(values)]
}
