import { ContainerRegistrationKeys, generateEntityId } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

export type RecordHelpRequestStepInput = {
  /** The number that texted HELP or INFO, in E.164. */
  phone: string
  inbound_text: string
  /** Sinch's id of the inbound message: a retried callback is recorded once. */
  inbound_message_id: string
  occurred_at: Date
}

export const recordHelpRequestStepId = "record-sms-help-request"
/**
 * This step adds a `help` event to the ledger of a number that has a consent. A number without
 * one gets the HELP reply all the same, but no consent is created for it.
 *
 * Compensation removes the event.
 */
export const recordHelpRequestStep = createStep(
  recordHelpRequestStepId,
  async (input: RecordHelpRequestStepInput, { container }) => {
    const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
    const { rows } = await knex.raw<{ rows: { id: string }[] }>(
      `INSERT INTO sms_consent_event
         (id, consent_id, phone, type, channel, inbound_text, inbound_message_id, occurred_at,
          created_at, updated_at)
       SELECT ?, c.id, c.phone, 'help', 'keyword', ?, ?, ?, now(), now()
         FROM sms_consent c
        WHERE c.phone = ? AND c.deleted_at IS NULL
       ON CONFLICT (inbound_message_id) WHERE inbound_message_id IS NOT NULL AND deleted_at IS NULL
       DO NOTHING
       RETURNING id`,
      [
        generateEntityId(undefined, "smscev"),
        input.inbound_text,
        input.inbound_message_id,
        input.occurred_at,
        input.phone,
      ]
    )
    const eventId = rows[0]?.id ?? null
    return new StepResponse({ recorded: eventId !== null }, eventId)
  },
  async (eventId, { container }) => {
    if (!eventId) {
      return
    }
    const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
    await knex.raw(`DELETE FROM sms_consent_event WHERE id = ?`, [eventId])
  }
)
