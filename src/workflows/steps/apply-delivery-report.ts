import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MESSAGE_STATUS_RANK, type DeliveryOutcome } from "../../lib/delivery-status"

export type DeliveryUpdate = DeliveryOutcome & {
  /** The recipient in E.164, or null for every recipient of the batch (a summary report). */
  recipient: string | null
  /** When Sinch recorded the status. */
  at: Date
}

export type ApplyDeliveryReportStepInput = {
  /** Sinch's batch id, as stored on the message when it was sent. */
  batch_id: string
  /**
   * The batch's `client_reference` (the message's idempotency key), which finds a message
   * whose report arrives before its batch id was recorded.
   */
  client_reference?: string | null
  updates: DeliveryUpdate[]
}

export const applyDeliveryReportStepId = "apply-sms-delivery-report"
/**
 * This step applies a Sinch delivery report to the messages of its batch, each update in one
 * conditional `UPDATE`: a message's status only moves forward (queued → sent → delivered,
 * failed or undeliverable), so duplicates, reports arriving out of order and concurrent
 * reports change nothing they should not. A report for an unknown batch updates nothing.
 *
 * No compensation: each update is a single statement and the step's only write.
 */
export const applyDeliveryReportStep = createStep(
  applyDeliveryReportStepId,
  async (input: ApplyDeliveryReportStepInput, { container }) => {
    const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
    let updated = 0
    for (const update of input.updates) {
      updated += await applyUpdate(knex, input, update)
    }
    return new StepResponse({ updated })
  }
)

const RANK_OF_STATUS = `CASE status ${Object.entries(MESSAGE_STATUS_RANK)
  .map(([status, rank]) => `WHEN '${status}' THEN ${rank}`)
  .join(" ")} END`

async function applyUpdate(
  knex: Knex,
  input: ApplyDeliveryReportStepInput,
  update: DeliveryUpdate
): Promise<number> {
  const recipientFilter = update.recipient ? `AND "to" = ?` : ""
  const { rows } = await knex.raw<{ rows: { id: string }[] }>(
    `UPDATE sms_message
        SET status = ?,
            batch_id = COALESCE(batch_id, ?),
            error_code = COALESCE(?, error_code),
            error_message = COALESCE(?, error_message),
            delivered_at = CASE WHEN ? = 'delivered' THEN COALESCE(delivered_at, ?) ELSE delivered_at END,
            updated_at = now()
      WHERE deleted_at IS NULL
        AND (batch_id = ? OR (batch_id IS NULL AND idempotency_key = ?))
        ${recipientFilter}
        AND ${RANK_OF_STATUS} < ?
      RETURNING id`,
    [
      update.status,
      input.batch_id,
      update.errorCode,
      update.errorMessage,
      update.status,
      update.at,
      input.batch_id,
      input.client_reference ?? null,
      ...(update.recipient ? [update.recipient] : []),
      MESSAGE_STATUS_RANK[update.status],
    ]
  )
  return rows.length
}
