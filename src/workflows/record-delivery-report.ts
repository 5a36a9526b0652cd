import {
  createWorkflow,
  transform,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { deliveryOutcome, type SinchDeliveryStatus } from "../lib/delivery-status"
import { applyDeliveryReportStep } from "./steps/apply-delivery-report"

/**
 * A Sinch delivery report: one recipient's status (`recipient_delivery_report_sms`), or the
 * statuses of a batch (`delivery_report_sms`).
 */
export type RecordDeliveryReportWorkflowInput = {
  /**
   * Sinch's batch id.
   */
  batch_id: string
  /**
   * The batch's `client_reference` (the message's idempotency key), if Sinch sent it.
   */
  client_reference?: string | null
  /**
   * The statuses reported.
   */
  statuses: {
    /**
     * The recipient in E.164; null for every recipient of the batch.
     */
    recipient: string | null
    status: SinchDeliveryStatus
    /**
     * Sinch's delivery code, e.g. 0 (delivered) or 402 (unroutable).
     */
    code: number
    /**
     * When Sinch recorded the status. Defaults to now.
     */
    at?: Date | null
  }[]
}

export type RecordDeliveryReportWorkflowOutput = {
  /**
   * Messages whose status changed; 0 for a duplicate, a stale report or an unknown batch.
   */
  updated: number
}

export const recordDeliveryReportWorkflowId = "record-sms-delivery-report"
/**
 * This workflow records a Sinch delivery report on the messages of its batch: `Delivered` →
 * `delivered` (with `delivered_at`), `Queued`/`Dispatched` → `sent`, code 402 (unroutable) →
 * `undeliverable`, any other final status → `failed` with Sinch's code. A message's status only
 * moves forward, so duplicate, late and out-of-order reports are harmless, and a report for an
 * unknown batch changes nothing.
 *
 * It's used by the `POST /webhooks/sinch/delivery` route.
 *
 * @example
 * const { result } = await recordDeliveryReportWorkflow(container)
 * .run({
 *   input: {
 *     batch_id: "01JHFF6Y5WE4Q7NVVW1PJ6G0AC",
 *     statuses: [{ recipient: "+14155550123", status: "Delivered", code: 0, at: new Date() }],
 *   }
 * })
 * // result.updated: 1
 *
 * @summary
 *
 * Record a Sinch delivery report on the messages it concerns.
 */
export const recordDeliveryReportWorkflow = createWorkflow(
  recordDeliveryReportWorkflowId,
  (input: WorkflowData<RecordDeliveryReportWorkflowInput>) => {
    const report = transform({ input }, ({ input }) => ({
      batch_id: input.batch_id,
      client_reference: input.client_reference ?? null,
      updates: input.statuses.map((entry) => ({
        ...deliveryOutcome(entry.status, entry.code),
        recipient: entry.recipient,
        at: entry.at ?? new Date(),
      })),
    }))
    const applied = applyDeliveryReportStep(report)
    return new WorkflowResponse<RecordDeliveryReportWorkflowOutput>(applied)
  }
)
