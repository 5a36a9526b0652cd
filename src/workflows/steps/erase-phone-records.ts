import { ContainerRegistrationKeys, generateEntityId } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { ConsentStatus } from "../../lib/consent-status"
import { erasedPhone } from "../../lib/phone-hash"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"

export type ErasePhoneRecordsStepInput = {
  /** The number to erase, in E.164. */
  phone: string
  erased_at: Date
}

export type ErasePhoneRecordsStepOutput = {
  /** What now stands where the number was: `hash:<hex HMAC-SHA256>`. */
  phone_hash: string
  /** The suppression entry kept for the number. */
  consent_id: string
  /** The number's consent status before the erase, or null when it had none. */
  previous_status: ConsentStatus | null
  /** Rows in which the number was replaced, per table. */
  consents: number
  events: number
  recoveries: number
  messages: number
}

type ConsentRow = { id: string; phone: string; status: ConsentStatus }

export const erasePhoneRecordsStepId = "erase-sms-phone-records"
/**
 * This step erases a number from the plugin's data in one transaction (GDPR Art. 17):
 * - consent: the number is replaced by its keyed hash and the row kept as an `opted_out`
 *   suppression entry (its customer link dropped), so a later checkout cannot opt it back in;
 *   a number never seen gets such an entry too;
 * - ledger: the number is replaced by the hash in every event, and the IP, user agent and raw
 *   inbound text are cleared; an `erased` event is added;
 * - recoveries: the number is replaced and open ones are ended (`opted_out`, reason `erased`);
 * - messages: the recipient is replaced and the text (which holds the shopper's name) cleared.
 *
 * No compensation: the hash cannot be turned back into the number, which is the point.
 */
export const erasePhoneRecordsStep = createStep(
  erasePhoneRecordsStepId,
  async (input: ErasePhoneRecordsStepInput, { container }) => {
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
    const hash = erasedPhone(smsRecovery.getOptions().linkSecret, input.phone)
    const output = await knex.transaction((trx) => erase(trx, input, hash))
    return new StepResponse(output)
  }
)

async function erase(
  trx: Knex.Transaction,
  input: ErasePhoneRecordsStepInput,
  hash: string
): Promise<ErasePhoneRecordsStepOutput> {
  const { rows: existing } = await trx.raw<{ rows: ConsentRow[] }>(
    `SELECT id, phone, status FROM sms_consent
      WHERE phone IN (?, ?) AND deleted_at IS NULL
      FOR UPDATE`,
    [input.phone, hash]
  )
  const own = existing.find((row) => row.phone === input.phone)
  const suppression = existing.find((row) => row.phone === hash)
  const consentId = await keepSuppression(trx, own, suppression, hash)
  const events = await count(
    trx,
    `UPDATE sms_consent_event
        SET phone = ?, consent_id = ?, ip = NULL, user_agent = NULL, inbound_text = NULL,
            updated_at = now()
      WHERE phone = ?
      RETURNING id`,
    [hash, consentId, input.phone]
  )
  if (own && suppression) {
    await trx.raw(`DELETE FROM sms_consent WHERE id = ?`, [own.id])
  }
  // Rows deleted earlier still held the number.
  await trx.raw(
    `UPDATE sms_consent SET phone = ?, customer_id = NULL WHERE phone = ? AND deleted_at IS NOT NULL`,
    [hash, input.phone]
  )
  await trx.raw(
    `INSERT INTO sms_consent_event (id, consent_id, phone, type, channel, occurred_at, created_at, updated_at)
     VALUES (?, ?, ?, 'erased', 'admin', ?, now(), now())`,
    [generateEntityId(undefined, "smscev"), consentId, hash, input.erased_at]
  )
  const recoveries = await count(
    trx,
    `UPDATE sms_recovery
        SET phone = ?,
            status = CASE WHEN status IN ('tracking', 'active') THEN 'opted_out' ELSE status END,
            reason = CASE WHEN status IN ('tracking', 'active') THEN 'erased' ELSE reason END,
            ended_at = CASE WHEN status IN ('tracking', 'active') THEN ? ELSE ended_at END,
            next_send_at = NULL,
            updated_at = now()
      WHERE phone = ?
      RETURNING id`,
    [hash, input.erased_at, input.phone]
  )
  const messages = await count(
    trx,
    `UPDATE sms_message SET "to" = ?, body = NULL, updated_at = now() WHERE "to" = ? RETURNING id`,
    [hash, input.phone]
  )
  return {
    phone_hash: hash,
    consent_id: consentId,
    previous_status: own?.status ?? null,
    consents: own ? 1 : 0,
    events,
    recoveries,
    messages,
  }
}

/**
 * The row that suppresses the number from now on: its earlier suppression entry (when it was
 * erased before and came back), else its own consent turned into one, else a new one.
 */
async function keepSuppression(
  trx: Knex.Transaction,
  own: ConsentRow | undefined,
  suppression: ConsentRow | undefined,
  hash: string
): Promise<string> {
  if (suppression) {
    await trx.raw(
      `UPDATE sms_consent SET status = 'opted_out', customer_id = NULL, updated_at = now() WHERE id = ?`,
      [suppression.id]
    )
    return suppression.id
  }
  if (own) {
    await trx.raw(
      `UPDATE sms_consent SET phone = ?, status = 'opted_out', customer_id = NULL, updated_at = now()
        WHERE id = ?`,
      [hash, own.id]
    )
    return own.id
  }
  const { rows } = await trx.raw<{ rows: { id: string }[] }>(
    `INSERT INTO sms_consent (id, phone, status, created_at, updated_at)
     VALUES (?, ?, 'opted_out', now(), now())
     RETURNING id`,
    [generateEntityId(undefined, "smscons"), hash]
  )
  return rows[0].id
}

async function count(trx: Knex.Transaction, sql: string, bindings: unknown[]): Promise<number> {
  const { rows } = await trx.raw<{ rows: unknown[] }>(sql, bindings as Knex.RawBinding[])
  return rows.length
}
