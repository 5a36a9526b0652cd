import { busyRetryAt, retryAt } from "../../lib/recovery-schedule"
import type { MessageRow, RecoveryChanges } from "../../modules/sms_recovery/types"
import { advancePastStep } from "./schedule"
import { pageContexts, toReminderPage, type ReminderContext, type ReminderPage } from "./reminder-types"

/** Channels the plugin sends itself; any other channel is a custom step kind. */
export const BUILT_IN_CHANNELS = ["sms", "email"]

/** A due reminder as the hooks see it. */
export type HookReminder = Pick<ReminderContext, "recovery" | "cart" | "step" | "campaign" | "phone">

export function toHookReminder(context: ReminderContext): HookReminder {
  return {
    recovery: context.recovery,
    cart: context.cart,
    step: context.step,
    campaign: context.campaign,
    phone: context.phone,
  }
}

export type ReminderVeto = { recovery_id: string; reason?: string }

/** How a page's reminders split once the hooks have spoken. */
export type ReminderPagePlan = {
  /** Due reminders the plugin sends itself (SMS, email). */
  built_in: ReminderContext[]
  /** Due reminders of a custom step kind, handed to the `customSteps` hook. */
  custom: ReminderContext[]
  /** Due reminders of held-out recoveries: recorded as `held_out`, never sent, whatever the channel. */
  held_out: ReminderContext[]
  /** Due reminders a `validateReminders` handler vetoed, with its reason. */
  vetoed: { context: ReminderContext; reason: string | null }[]
  /** Everything else: not due or held back, each with the decision taken instead. */
  decided: ReminderContext[]
}

const SAME_NUMBER_DELAY_MS = 60_000

/**
 * Splits a page: vetoed reminders are set apart, held-out ones are recorded rather than sent,
 * and a number due more than once in the page (two carts, one shopper) gets one text now and
 * the other a minute later, so the frequency cap counted before the page is never overshot
 * inside it.
 */
export function planReminderPage(contexts: ReminderContext[], vetoes: ReminderVeto[]): ReminderPagePlan {
  const vetoReasons = new Map(vetoes.map((veto) => [veto.recovery_id, veto.reason ?? null]))
  const numbersTaken = new Set<string>()
  const plan: ReminderPagePlan = { built_in: [], custom: [], held_out: [], vetoed: [], decided: [] }
  for (const context of contexts) {
    if (context.decision.action !== "send") {
      plan.decided.push(context)
      continue
    }
    if (vetoReasons.has(context.recovery.id)) {
      plan.vetoed.push({ context, reason: vetoReasons.get(context.recovery.id)! })
      continue
    }
    if (context.recovery.holdout) {
      plan.held_out.push(context)
      continue
    }
    const channel = context.step?.channel ?? ""
    if (!BUILT_IN_CHANNELS.includes(channel)) {
      plan.custom.push(context)
      continue
    }
    if (channel === "sms" && context.phone) {
      if (numbersTaken.has(context.phone)) {
        const until = new Date(context.now.getTime() + SAME_NUMBER_DELAY_MS)
        plan.decided.push({ ...context, decision: { action: "defer", until, reason: "same_number_in_page" } })
        continue
      }
      numbersTaken.add(context.phone)
    }
    plan.built_in.push(context)
  }
  return plan
}

/**
 * A planned page as workflow data: the page, with the decisions planning took, and each
 * group's recovery ids in page order. Steps expand it with `expandPlan`.
 */
export type PlannedReminderPage = {
  page: ReminderPage
  built_in: string[]
  custom: string[]
  held_out: string[]
  vetoed: { recovery_id: string; reason: string | null }[]
  decided: string[]
}

/** `planReminderPage` over a page as workflow data. */
export function planPage(page: ReminderPage, vetoes: ReminderVeto[]): PlannedReminderPage {
  const plan = planReminderPage(pageContexts(page), vetoes)
  const ids = (contexts: ReminderContext[]) => contexts.map((context) => context.recovery.id)
  const planned = new Map(
    [...plan.built_in, ...plan.custom, ...plan.held_out, ...plan.decided, ...plan.vetoed.map(({ context }) => context)].map(
      (context) => [context.recovery.id, context]
    )
  )
  return {
    page: toReminderPage(
      new Date(page.now),
      page.reminders.map((reminder) => planned.get(reminder.recovery.id)!)
    ),
    built_in: ids(plan.built_in),
    custom: ids(plan.custom),
    held_out: ids(plan.held_out),
    vetoed: plan.vetoed.map(({ context, reason }) => ({ recovery_id: context.recovery.id, reason })),
    decided: ids(plan.decided),
  }
}

/** A planned page's groups as contexts again. */
export function expandPlan(planned: PlannedReminderPage): ReminderPagePlan {
  const contexts = new Map(pageContexts(planned.page).map((context) => [context.recovery.id, context]))
  const contextsOf = (ids: string[]) => ids.map((id) => contexts.get(id)!)
  return {
    built_in: contextsOf(planned.built_in),
    custom: contextsOf(planned.custom),
    held_out: contextsOf(planned.held_out),
    vetoed: planned.vetoed.map(({ recovery_id, reason }) => ({ context: contexts.get(recovery_id)!, reason })),
    decided: contextsOf(planned.decided),
  }
}

/** A built-in reminder's recorded message, with what sending it needs besides. */
export type ReminderText = { cart_id: string; message: MessageRow }

/** What became of one built-in reminder's send. */
export type ReminderSend = {
  recovery_id: string
  cart_id: string
  message: MessageRow
  /**
   * `sent`; `withheld` (the shopper opted out meanwhile, or no provider serves the channel:
   * nothing left); `deferred` (the number's consent lock was taken: tried again soon, the
   * unsent message kept); or `failed` (the provider failed: retried later, the message kept
   * when the text may have gone out).
   */
  status: "sent" | "withheld" | "deferred" | "failed"
  /** Why it was withheld, or the provider's error. */
  reason: string | null
}

/** Why a text was deferred: its number's consent lock was held (an opt-out, another send). */
export const NUMBER_BUSY = "number_busy"

/** What a custom step kind reported, as recorded. */
export type CustomStepRecord = { recovery_id: string; message_id: string; sent: boolean }

/** One recovery's result of a run. */
export type ReminderOutcome = {
  recovery_id: string
  /**
   * `sent` (the step went out), `held_out` (a held-out recovery's step, recorded and not
   * sent: the recovery moves on as if it had been), `withheld`, `failed`, `vetoed` (the step is skipped),
   * `skipped` (a custom step chose not to), or the decision taken instead: defer, park,
   * skip_step, end, advance (the step's text had already gone out, from a worker that lost its
   * claim), or leave (the recovery ended meanwhile, or another worker holds it now).
   */
  outcome: string
  /** The reason code when the step was not sent. */
  reason: string | null
  message_id: string | null
}

/** The recovery changes of a reminder that was not sent, by the decision taken instead. */
export function decisionChanges(context: ReminderContext): RecoveryChanges | null {
  const { decision, now, phone } = context
  switch (decision.action) {
    case "defer":
      return { phone, next_send_at: decision.until, reason: decision.reason, send_attempts: 0 }
    case "park":
      return { phone, next_send_at: null, reason: decision.reason, send_attempts: 0 }
    case "skip_step":
      return advancePastStep(context, { sent: false, reason: decision.reason })
    case "advance":
      return advancePastStep(context, { sent: true })
    case "end":
      return { phone, status: decision.status, reason: decision.reason, next_send_at: null, ended_at: now }
    case "send":
    case "leave":
      return null
  }
}

/**
 * A step whose send failed (a provider outage) is tried again later, with backoff; the step's
 * expiry still bounds it.
 */
export function failedSendChanges(attemptsSoFar: number, now: Date, error: string): RecoveryChanges {
  const attempts = attemptsSoFar + 1
  return {
    send_attempts: attempts,
    next_send_at: retryAt(now, attempts),
    reason: `send_failed: ${error.slice(0, 200)}`,
  }
}

/** The recovery changes after a built-in reminder's send. */
export function sendChanges(context: ReminderContext, send: ReminderSend): RecoveryChanges {
  if (send.status === "sent") {
    return advancePastStep(context, { sent: true })
  }
  if (send.status === "deferred") {
    return { next_send_at: busyRetryAt(context.now), reason: send.reason }
  }
  if (send.status === "failed") {
    return failedSendChanges(context.recovery.send_attempts, context.now, send.reason ?? "")
  }
  if (send.reason === "opted_out") {
    return { status: "opted_out", reason: send.reason, next_send_at: null, ended_at: context.now }
  }
  if (send.reason === "no_consent") {
    return { reason: send.reason, next_send_at: null }
  }
  return advancePastStep(context, { sent: false, reason: send.reason ?? "not_sent" })
}
