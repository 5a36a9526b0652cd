import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { messageMayHaveGoneOut } from "../../lib/message-state"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"
import type { RecoveryChanges } from "../../modules/sms_recovery/types"
import {
  decisionChanges,
  sendChanges,
  type CustomStepRecord,
  type ReminderOutcome,
  type ReminderSend,
} from "../utils/reminder-page"
import { episodeChanges } from "../utils/episode-start"
import { advancePastStep } from "../utils/schedule"
import { reviveReminderContext, type ReminderContext } from "../utils/reminder-types"

export type ApplyReminderOutcomesStepInput = {
  /** Reminders not sent this run, each with the decision taken instead. */
  decided: ReminderContext[]
  /** Reminders a `validateReminders` handler vetoed: their step is skipped. */
  vetoed: { context: ReminderContext; reason: string | null }[]
  /** The built-in reminders' sends, each with its context. */
  sends: (ReminderSend & { context: ReminderContext })[]
  /** The held-out reminders' recorded messages, each with its context. */
  held_out: { message_id: string; context: ReminderContext }[]
  /** The custom step kinds' recorded outcomes, each with its context. */
  custom: (CustomStepRecord & { context: ReminderContext })[]
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

    for (const reminder of input.decided) {
      const context = reviveReminderContext(reminder)
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
    for (const veto of input.vetoed) {
      const context = reviveReminderContext(veto.context)
      releases.push({ context, changes: advancePastStep(context, { sent: false, reason: "vetoed" }) })
      outcomes.push({ recovery_id: context.recovery.id, outcome: "vetoed", reason: veto.reason ?? "vetoed", message_id: null })
    }
    for (const send of input.sends) {
      const context = reviveReminderContext(send.context)
      releases.push({ context, changes: sendChanges(context, send) })
      outcomes.push({
        recovery_id: context.recovery.id,
        outcome: send.status,
        reason: send.status === "sent" ? null : send.reason,
        message_id: send.message.id,
      })
    }
    for (const held of input.held_out) {
      const context = reviveReminderContext(held.context)
      releases.push({ context, changes: advancePastStep(context, { sent: true }) })
      outcomes.push({ recovery_id: context.recovery.id, outcome: "held_out", reason: null, message_id: held.message_id })
    }
    for (const record of input.custom) {
      const context = reviveReminderContext(record.context)
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
