import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { messageMayHaveGoneOut } from "../../lib/message-state"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"
import type { MessageRow, RecoveryChanges } from "../../modules/sms_recovery/types"
import {
  decisionChanges,
  expandPlan,
  sendChanges,
  type CustomStepRecord,
  type PlannedReminderPage,
  type ReminderOutcome,
  type ReminderSend,
} from "../utils/reminder-page"
import { episodeChanges } from "../utils/episode-start"
import { advancePastStep } from "../utils/schedule"
import type { ReminderContext } from "../utils/reminder-types"

export type ApplyReminderOutcomesStepInput = {
  /**
   * The page: its decided reminders (not sent this run, each with the decision taken instead)
   * and vetoed ones (their step is skipped) are settled here.
   */
  plan: PlannedReminderPage
  /** The built-in reminders' sends, in the plan's order. */
  sends: ReminderSend[]
  /** The held-out reminders' recorded messages, in the plan's order. */
  held_out: MessageRow[]
  /** The custom step kinds' recorded outcomes, in the plan's order; none when no custom step was due. */
  custom: CustomStepRecord[] | undefined
}

export const applyReminderOutcomesStepId = "apply-reminder-outcomes"

/**
 * Schedules what comes next for every recovery of the page and gives up the worker's claims:
 * the next step after a sent or held-out one; a later try after a failed send; the decision
 * taken instead (deferred, parked, skipped, ended) for the rest. A recovery whose episode
 * started in this run gets its chosen campaign and holdout written with it. A reminder withheld
 * at the last moment (an opt-out meanwhile, no email provider) loses its unsent message and
 * code. A recovery that is no longer this run's (another worker's now, or ended meanwhile) is
 * not touched.
 */
export const applyReminderOutcomesStep = createStep(
  applyReminderOutcomesStepId,
  async (input: ApplyReminderOutcomesStepInput, { container }) => {
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const releases: { context: ReminderContext; changes: RecoveryChanges }[] = []
    const outcomes: ReminderOutcome[] = []

    const plan = expandPlan(input.plan)
    for (const context of plan.decided) {
      const decision = context.decision
      const changes = decisionChanges(context)
      if (changes) {
        releases.push({ context, changes })
      }
      outcomes.push({
        recovery_id: context.recovery.id,
        outcome: decision.action,
        reason: "reason" in decision ? decision.reason : null,
        message_id: null,
      })
    }
    for (const { context, reason } of plan.vetoed) {
      releases.push({ context, changes: advancePastStep(context, { sent: false, reason: "vetoed" }) })
      outcomes.push({ recovery_id: context.recovery.id, outcome: "vetoed", reason: reason ?? "vetoed", message_id: null })
    }
    for (const [index, send] of input.sends.entries()) {
      const context = plan.built_in[index]
      releases.push({ context, changes: sendChanges(context, send) })
      outcomes.push({
        recovery_id: context.recovery.id,
        // A deferred text is reported as any other deferral.
        outcome: send.status === "deferred" ? "defer" : send.status,
        reason: send.status === "sent" ? null : send.reason,
        message_id: send.message.id,
      })
    }
    for (const [index, message] of input.held_out.entries()) {
      const context = plan.held_out[index]
      releases.push({ context, changes: advancePastStep(context, { sent: true }) })
      outcomes.push({ recovery_id: context.recovery.id, outcome: "held_out", reason: null, message_id: message.id })
    }
    for (const [index, record] of (input.custom ?? []).entries()) {
      const context = plan.custom[index]
      releases.push({ context, changes: advancePastStep(context, { sent: record.sent }) })
      outcomes.push({
        recovery_id: context.recovery.id,
        outcome: record.sent ? "sent" : "skipped",
        reason: null,
        message_id: record.message_id,
      })
    }

    await withdrawUnsent(container, smsRecovery, input.sends.filter((send) => send.status === "withheld"))
    await smsRecovery.releaseRecoveries(
      releases.map(({ context, changes }) => ({
        id: context.recovery.id,
        claimed_by: context.recovery.claimed_by,
        changes: { ...episodeChanges(context.recovery), ...changes },
      }))
    )
    return new StepResponse(outcomes)
  }
)

/** Removes the messages and codes of withheld reminders that no attempt may have sent. */
async function withdrawUnsent(
  container: MedusaContainer,
  smsRecovery: SmsRecoveryModuleService,
  withheld: ReminderSend[]
) {
  const unsent = withheld.map((send) => send.message).filter((message) => !messageMayHaveGoneOut(message))
  if (!unsent.length) {
    return
  }
  await smsRecovery.deleteMessages(unsent.map((message) => message.id))
  const promotionIds = unsent.flatMap((message) => (message.promotion_id ? [message.promotion_id] : []))
  if (promotionIds.length) {
    await container.resolve(Modules.PROMOTION).deletePromotions(promotionIds)
  }
}
