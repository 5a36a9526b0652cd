import type { ReminderDecision } from "../../../lib/eligibility"
import { canTransition, OPEN_RECOVERY_STATUSES } from "../../../lib/recovery-status"
import type { CampaignWithSteps, MessageRow, StepRow } from "../../../modules/sms_recovery/types"
import { decisionChanges, planReminderPage, sendChanges, type ReminderSend } from "../reminder-page"
import type { ReminderContext } from "../reminder-types"

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const now = new Date("2026-11-30T19:31:00.000Z")
const abandoned = new Date("2026-11-30T19:30:00.000Z")

const step = (position: number, channel = "sms", delay_minutes = 0): StepRow => ({
  id: `step_${position}`,
  position,
  delay_minutes,
  channel,
  expires_after_hours: 24,
  incentive_type: null,
  incentive_value: null,
  incentive_expiry_hours: null,
  variants: [],
})

const campaign = { id: "camp", steps: [step(1), step(2, "sms", 24 * 60)] } as unknown as CampaignWithSteps

function reminder(id: string, overrides: Partial<ReminderContext> = {}, decision: ReminderDecision = { action: "send" }): ReminderContext {
  return {
    now,
    recovery: {
      id,
      cart_id: `cart_${id}`,
      campaign_id: "camp",
      holdout: false,
      status: "tracking",
      next_step: 1,
      last_activity_at: new Date(abandoned.getTime() - 30 * MINUTE),
      claimed_by: "worker",
      send_attempts: 2,
    },
    campaign,
    step: campaign.steps[0],
    cart: null,
    phone: `+1415555${id.padStart(4, "0")}`,
    time_zone: "America/New_York",
    abandoned_at: abandoned,
    due_at: abandoned,
    decision,
    ...overrides,
  }
}

describe("planReminderPage", () => {
  it("sends due reminders, sets vetoed ones apart, hands custom kinds to the hook and keeps the rest's decisions", () => {
    const plan = planReminderPage(
      [
        reminder("1"),
        reminder("2"),
        reminder("3", { step: step(1, "whatsapp") }),
        reminder("4", {}, { action: "park", reason: "no_consent" }),
        reminder("5", { step: step(1, "email") }),
      ],
      [{ recovery_id: "2", reason: "staff cart" }]
    )
    expect(plan.built_in.map((c) => c.recovery.id)).toEqual(["1", "5"])
    expect(plan.vetoed).toEqual([expect.objectContaining({ reason: "staff cart" })])
    expect(plan.vetoed[0].context.recovery.id).toBe("2")
    expect(plan.custom.map((c) => c.recovery.id)).toEqual(["3"])
    expect(plan.decided.map((c) => [c.recovery.id, c.decision.action])).toEqual([["4", "park"]])
  })

  it("sets held-out recoveries' due reminders apart, whatever their channel, after vetoes and without taking their number", () => {
    const held = (id: string, overrides: Partial<ReminderContext> = {}) => {
      const base = reminder(id, overrides)
      return { ...base, recovery: { ...base.recovery, holdout: true } }
    }
    const plan = planReminderPage(
      [
        held("1", { phone: "+14155550100" }),
        reminder("2", { phone: "+14155550100" }),
        held("3", { step: step(1, "email") }),
        held("4", { step: step(1, "whatsapp") }),
        held("5"),
        { ...held("6"), decision: { action: "park", reason: "no_consent" } },
      ],
      [{ recovery_id: "5", reason: "staff cart" }]
    )
    expect(plan.held_out.map((c) => c.recovery.id)).toEqual(["1", "3", "4"])
    expect(plan.built_in.map((c) => c.recovery.id)).toEqual(["2"])
    expect(plan.vetoed.map((v) => v.context.recovery.id)).toEqual(["5"])
    expect(plan.custom).toEqual([])
    expect(plan.decided.map((c) => [c.recovery.id, c.decision.action])).toEqual([["6", "park"]])
  })

  it("texts a number due twice in one page once now and once a minute later", () => {
    const plan = planReminderPage([reminder("1", { phone: "+14155550100" }), reminder("2", { phone: "+14155550100" })], [])
    expect(plan.built_in.map((c) => c.recovery.id)).toEqual(["1"])
    expect(plan.decided[0].decision).toEqual({
      action: "defer",
      until: new Date(now.getTime() + MINUTE),
      reason: "same_number_in_page",
    })
  })

  it("keeps a veto without a reason", () => {
    expect(planReminderPage([reminder("1")], [{ recovery_id: "1" }]).vetoed[0].reason).toBeNull()
  })
})

describe("what becomes of a recovery", () => {
  const message = { id: "msg" } as MessageRow
  const send = (status: ReminderSend["status"], reason: string | null): ReminderSend => ({
    recovery_id: "1",
    cart_id: "cart_1",
    message,
    status,
    reason,
  })

  it("schedules the next step after a text went out, from the abandonment", () => {
    expect(sendChanges(reminder("1"), send("sent", null))).toMatchObject({
      status: "active",
      next_step: 2,
      next_send_at: new Date(abandoned.getTime() + 24 * HOUR),
      send_attempts: 0,
    })
  })

  it("retries a failed send later, counting the failure", () => {
    const changes = sendChanges(reminder("1"), send("failed", "HTTP 503"))
    expect(changes).toMatchObject({ send_attempts: 3, reason: "send_failed: HTTP 503" })
    expect(changes.next_send_at!.getTime()).toBeGreaterThanOrEqual(now.getTime() + MINUTE)
    expect(changes.next_send_at!.getTime()).toBeLessThanOrEqual(now.getTime() + 31 * MINUTE)
  })

  it.each([
    ["opted_out", { status: "opted_out", next_send_at: null, ended_at: now }],
    ["no_consent", { reason: "no_consent", next_send_at: null }],
    ["no_email_provider", { next_step: 2, reason: "no_email_provider" }],
  ])("after a reminder withheld for %s", (reason, expected) => {
    expect(sendChanges(reminder("1"), send("withheld", reason))).toMatchObject(expected)
  })

  it.each<[string, ReminderDecision, object | null]>([
    ["defer", { action: "defer", until: new Date(now.getTime() + HOUR), reason: "quiet_hours" }, { next_send_at: new Date(now.getTime() + HOUR), reason: "quiet_hours" }],
    ["park", { action: "park", reason: "no_items" }, { next_send_at: null, reason: "no_items" }],
    ["skip_step", { action: "skip_step", reason: "us_one_text_rule" }, { next_step: 2, reason: "us_one_text_rule" }],
    ["end", { action: "end", status: "completed", reason: "cart_completed" }, { status: "completed", ended_at: now }],
    ["leave", { action: "leave", reason: "claim_lost" }, null],
  ])("applies a %s decision", (_, decision, expected) => {
    const changes = decisionChanges(reminder("1", {}, decision))
    expect(changes).toEqual(expected === null ? null : expect.objectContaining(expected))
  })
})

describe("the engine's status changes", () => {
  const decisions: ReminderDecision[] = [
    { action: "defer", until: now, reason: "quiet_hours" },
    { action: "park", reason: "no_items" },
    { action: "skip_step", reason: "us_one_text_rule" },
    { action: "end", status: "completed", reason: "cart_completed" },
    { action: "end", status: "expired", reason: "campaign_disabled" },
    { action: "end", status: "exhausted", reason: "no_more_steps" },
    { action: "end", status: "opted_out", reason: "opted_out" },
    { action: "advance", reason: "step_already_sent" },
  ]
  const sends: [ReminderSend["status"], string | null][] = [
    ["sent", null],
    ["failed", "HTTP 503"],
    ["withheld", "opted_out"],
    ["withheld", "no_consent"],
    ["withheld", "no_email_provider"],
  ]

  it.each(OPEN_RECOVERY_STATUSES.flatMap((status) => [1, 2].map((position) => [status, position] as const)))(
    "are all allowed transitions from %s at step %i",
    (status, position) => {
      const base = reminder("1", { step: campaign.steps[position - 1] })
      const context = { ...base, recovery: { ...base.recovery, status, next_step: position } }
      const changes = [
        ...decisions.map((decision) => decisionChanges({ ...context, decision })),
        ...sends.map(([sendStatus, reason]) =>
          sendChanges(context, { recovery_id: "1", cart_id: "cart_1", message: {} as MessageRow, status: sendStatus, reason })
        ),
      ]
      for (const change of changes) {
        expect(canTransition(status, change?.status ?? status)).toBe(true)
      }
    }
  )
})
