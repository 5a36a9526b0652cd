import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { sendRecoveryRemindersWorkflow } from "./send-recovery-reminders"
import type { ReminderOutcome } from "./utils/reminder-page"

export type SendRecoveryReminderWorkflowInput = {
  /** The recovery whose due step to send. */
  recovery_id: string
  /** The time to decide and schedule by; defaults to now. Lets tests and demos move time. */
  now?: Date | string
  /**
   * The sweep worker that claimed the recovery. When given, a run whose claim has expired and
   * been retaken by another worker leaves the recovery alone (outcome `leave`).
   */
  worker_id?: string
}

export type SendRecoveryReminderWorkflowOutput = ReminderOutcome

export const sendRecoveryReminderWorkflowId = "sms-recovery-send-reminder"

/**
 * Sends one recovery's due step: `sendRecoveryRemindersWorkflow` over a page of one, with the
 * same checks and the same hooks. For a script or a route that works on a single recovery;
 * the sweep sends whole pages.
 *
 * @example
 * const { result } = await sendRecoveryReminderWorkflow(container).run({
 *   input: { recovery_id: "smsrec_123" },
 * })
 */
export const sendRecoveryReminderWorkflow = createWorkflow(
  sendRecoveryReminderWorkflowId,
  (input: SendRecoveryReminderWorkflowInput) => {
    const outcomes = sendRecoveryRemindersWorkflow.runAsStep({
      input: transform({ input }, ({ input }) => ({
        recovery_ids: [input.recovery_id],
        now: input.now,
        worker_id: input.worker_id,
      })),
    })
    return new WorkflowResponse(transform({ outcomes }, ({ outcomes }) => outcomes[0]))
  }
)
