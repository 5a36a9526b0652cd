import type { ReminderDecision } from "../../lib/eligibility"
import type { ScheduleStep } from "../../lib/recovery-schedule"
import type { RecoveryStatus } from "../../lib/recovery-status"
import type { CampaignWithSteps, StepRow } from "../../modules/sms_recovery/types"

/** The cart as reminders see it: enough to decide, render and send, nothing more. */
export type ReminderCart = {
  id: string
  email: string | null
  currency_code: string
  customer_id: string | null
  completed: boolean
  /**
   * Major units of `currency_code`, as Medusa computes cart totals; `null` unless the campaign
   * has a minimum or maximum cart total or a template of the due step shows `cart_total` (the
   * computation is then skipped).
   */
  total: number | null
  item_count: number
  top_item: string | null
  first_name: string | null
  country_code: string | null
  /**
   * Units still available, in the cart's sales channel, of the scarcest item whose variant
   * manages inventory; `null` when no item's stock is tracked, or when no template of the due
   * step shows `stock_left` or `low_stock_item` (the lookup is then skipped).
   */
  stock_left: number | null
  /** The item `stock_left` counts, named as `top_item` is. */
  low_stock_item: string | null
  /** The cart customer's orders, drafts and canceled ones not counted; `null` without a customer. */
  orders_count: number | null
}

export type ReminderRecovery = {
  id: string
  cart_id: string
  campaign_id: string | null
  /** In its campaign's holdout: each step that would go out is recorded, never sent. */
  holdout: boolean
  status: RecoveryStatus
  next_step: number
  last_activity_at: Date
  claimed_by: string | null
  /** Failed attempts at the current step so far (provider outages). */
  send_attempts: number
}

/**
 * A reminder's campaign: its settings and each step's timing, what scheduling the next step
 * reads. The due step's whole row, templates included, is the context's `step`. Leaving the
 * other steps' rows out keeps a page's contexts small: workflow data is copied at every step.
 */
export type ReminderCampaign = Omit<CampaignWithSteps, "steps"> & { steps: ScheduleStep[] }

export function toReminderCampaign(campaign: CampaignWithSteps): ReminderCampaign {
  const { steps, ...settings } = campaign
  return {
    ...settings,
    steps: steps.map(({ position, delay_minutes, variants }) => ({
      position,
      delay_minutes,
      variants: variants.map(({ id, weight, delay_minutes }) => ({ id, weight, delay_minutes })),
    })),
  }
}

/** What `loadReminderPageStep` found and decided; what the hooks see. */
export type ReminderContext = {
  now: Date
  recovery: ReminderRecovery
  campaign: ReminderCampaign | null
  step: StepRow | null
  cart: ReminderCart | null
  /** E.164 number the text goes to, when the cart has a valid one. */
  phone: string | null
  time_zone: string
  abandoned_at: Date
  due_at: Date
  decision: ReminderDecision
}

/**
 * A page of reminders as workflow data. Every step and transform that takes workflow data gets
 * a deep copy of it, so the page names each reminder's campaign and due step by id and holds
 * each of them once, instead of once per reminder; `pageContexts` puts them back together.
 */
export type ReminderPage = {
  now: Date
  campaigns: Record<string, ReminderCampaign>
  /** The due steps' whole rows, templates included, by step id. */
  steps: Record<string, StepRow>
  reminders: PageReminder[]
}

export type PageReminder = Omit<ReminderContext, "now" | "campaign" | "step"> & { step_id: string | null }

export function toReminderPage(now: Date, contexts: ReminderContext[]): ReminderPage {
  const page: ReminderPage = { now, campaigns: {}, steps: {}, reminders: [] }
  for (const { now: _now, campaign, step, ...reminder } of contexts) {
    if (campaign) {
      page.campaigns[campaign.id] = campaign
    }
    if (step) {
      page.steps[step.id] = step
    }
    page.reminders.push({ ...reminder, step_id: step?.id ?? null })
  }
  return page
}

/**
 * The page's reminders as contexts, their campaign and step shared between them. Workflow data
 * crosses step boundaries serialized, so Dates arrive as ISO strings: they are revived here.
 */
export function pageContexts(page: ReminderPage): ReminderContext[] {
  const now = new Date(page.now)
  return page.reminders.map(({ step_id, ...reminder }) => {
    const decision = reminder.decision
    return {
      ...reminder,
      now,
      campaign: reminder.recovery.campaign_id ? page.campaigns[reminder.recovery.campaign_id] ?? null : null,
      step: step_id ? page.steps[step_id] ?? null : null,
      abandoned_at: new Date(reminder.abandoned_at),
      due_at: new Date(reminder.due_at),
      recovery: { ...reminder.recovery, last_activity_at: new Date(reminder.recovery.last_activity_at) },
      decision: decision.action === "defer" ? { ...decision, until: new Date(decision.until) } : decision,
    }
  })
}
