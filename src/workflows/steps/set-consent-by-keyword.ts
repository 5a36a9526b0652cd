import { ContainerRegistrationKeys, generateEntityId } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { ConsentStatus } from "../../lib/consent-status"
import { erasedPhone } from "../../lib/phone-hash"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"

export type SetConsentByKeywordStepInput = {
  /** The number that texted, in E.164. */
  phone: string
  /** The number's country, when its numbering plan tells it. */
  country?: string | null
  /** `opt_out` for the STOP family; `opt_in` for START, UNSTOP, YES and Y. */
  action: "opt_out" | "opt_in"
  /** YES or Y: confirms a pending double opt-in (ledger `confirmed` instead of `opted_in`). */
  confirms_pending: boolean
  /** The inbound text as received. */
  inbound_text: string
  /** Sinch's id of the inbound message: a retried callback is recorded once. */
  inbound_message_id: string
  occurred_at: Date
}

export type SetConsentByKeywordStepOutput = {
  consent_id: string
  /** The status before, or null when the number had no consent. */
  previous_status: ConsentStatus | null
  status: ConsentStatus
  changed: boolean
  /** The message was already recorded (Sinch retried it): nothing was changed again. */
  duplicate: boolean
}

type Compensation = {
  consent_id: string
  event_id: string
  created: boolean
  previous_status: ConsentStatus | null
}

type ConsentRow = { id: string; phone: string; status: ConsentStatus }

/**
 * How long an opt-out waits for a send in flight (a provider call with its retries). Past it the
 * callback fails with a 5xx and Sinch retries it, rather than the opt-out being skipped.
 */
const LOCK_TIMEOUT = "15s"

export const setConsentByKeywordStepId = "set-sms-consent-by-keyword"
/**
 * This step applies a keyword texted by the number itself, in one transaction:
 * - the consent row is locked first (`FOR UPDATE`): the sweep holds it while it sends to the
 *   number, so an opt-out waits for a send in flight and no text leaves after it is recorded;
 * - the ledger event (`opted_out`, `opted_in` or `confirmed`, channel `keyword`, with the raw
 *   text) is inserted once per Sinch message id; a message already recorded changes nothing,
 *   so a late retry of an old STOP cannot undo a newer START;
 * - the status is updated, or the consent created (a STOP from an unknown number is kept as
 *   an opted-out suppression entry).
 *
 * A STOP from a number erased under GDPR is recorded on its hashed suppression entry, without
 * the text, so the number is not stored again; a START or YES is a new consent from the phone.
 *
 * Compensation undoes an opt-in; an opt-out is never rolled back.
 */
export const setConsentByKeywordStep = createStep(
  setConsentByKeywordStepId,
  async (input: SetConsentByKeywordStepInput, { container }) => {
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
    const hashed = erasedPhone(smsRecovery.getOptions().linkSecret, input.phone)
    const outcome = await knex.transaction((trx) => applyKeyword(trx, input, hashed))
    const output: SetConsentByKeywordStepOutput = {
      consent_id: outcome.consent.id,
      previous_status: outcome.previous,
      status: outcome.status,
      changed: !outcome.duplicate && outcome.previous !== outcome.status,
      duplicate: outcome.duplicate,
    }
    const undo: Compensation | null =
      input.action === "opt_in" && outcome.eventId
        ? {
            consent_id: outcome.consent.id,
            event_id: outcome.eventId,
            created: outcome.created,
            previous_status: outcome.previous,
          }
        : null
    return new StepResponse<SetConsentByKeywordStepOutput, Compensation | null>(output, undo)
  },
  async (compensation, { container }) => {
    if (!compensation) {
      return
    }
    const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
    await knex.transaction(async (trx) => {
      await trx.raw(`DELETE FROM sms_consent_event WHERE id = ?`, [compensation.event_id])
      if (compensation.created) {
        await trx.raw(`DELETE FROM sms_consent WHERE id = ?`, [compensation.consent_id])
        return
      }
      await trx.raw(
        `UPDATE sms_consent SET status = ?, updated_at = now() WHERE id = ? AND status = 'opted_in'`,
        [compensation.previous_status, compensation.consent_id]
      )
    })
  }
)

type KeywordOutcome = {
  consent: ConsentRow
  previous: ConsentStatus | null
  status: ConsentStatus
  created: boolean
  duplicate: boolean
  eventId: string | null
}

async function applyKeyword(
  trx: Knex.Transaction,
  input: SetConsentByKeywordStepInput,
  hashed: string
): Promise<KeywordOutcome> {
  const target: ConsentStatus = input.action === "opt_out" ? "opted_out" : "opted_in"
  await trx.raw(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`)
  const { consent, created } = await lockConsent(trx, input, hashed, target)
  const previous = created ? null : consent.status
  const eventId = await insertKeywordEvent(trx, input, consent, {
    type: eventTypeFor(input, previous),
    // An erased number's suppression entry keeps no text from the phone.
    inbound_text: consent.phone === hashed ? null : input.inbound_text,
  })
  if (!eventId) {
    return { consent, previous: consent.status, status: consent.status, created: false, duplicate: true, eventId }
  }
  if (previous !== null && previous !== target) {
    await trx.raw(
      `UPDATE sms_consent SET status = ?, country = COALESCE(country, ?), updated_at = now() WHERE id = ?`,
      [target, input.country ?? null, consent.id]
    )
  }
  return { consent, previous, status: target, created, duplicate: false, eventId }
}

/**
 * Locks the consent the keyword applies to: the number's own, else (for a STOP) its erased
 * suppression entry, else a new one with the keyword's status.
 */
async function lockConsent(
  trx: Knex.Transaction,
  input: SetConsentByKeywordStepInput,
  hashed: string,
  target: ConsentStatus
): Promise<{ consent: ConsentRow; created: boolean }> {
  const { rows } = await trx.raw<{ rows: ConsentRow[] }>(
    `SELECT id, phone, status FROM sms_consent
      WHERE phone IN (?, ?) AND deleted_at IS NULL
      FOR UPDATE`,
    [input.phone, hashed]
  )
  const own = rows.find((row) => row.phone === input.phone)
  const suppression = input.action === "opt_out" ? rows.find((row) => row.phone === hashed) : undefined
  const found = own ?? suppression
  if (found) {
    return { consent: found, created: false }
  }
  const { inserted, ...consent } = await insertConsent(trx, input.phone, target, input.country ?? null)
  return { consent, created: inserted }
}

function eventTypeFor(
  input: SetConsentByKeywordStepInput,
  previous: ConsentStatus | null
): "opted_out" | "opted_in" | "confirmed" {
  if (input.action === "opt_out") {
    return "opted_out"
  }
  return previous === "pending" && input.confirms_pending ? "confirmed" : "opted_in"
}

/** Adds the ledger event once per inbound message; null when the message was recorded before. */
async function insertKeywordEvent(
  trx: Knex.Transaction,
  input: SetConsentByKeywordStepInput,
  consent: ConsentRow,
  event: { type: string; inbound_text: string | null }
): Promise<string | null> {
  const { rows } = await trx.raw<{ rows: { id: string }[] }>(
    `INSERT INTO sms_consent_event
       (id, consent_id, phone, type, channel, inbound_text, inbound_message_id, occurred_at,
        created_at, updated_at)
     VALUES (?, ?, ?, ?, 'keyword', ?, ?, ?, now(), now())
     ON CONFLICT (inbound_message_id) WHERE inbound_message_id IS NOT NULL AND deleted_at IS NULL
     DO NOTHING
     RETURNING id`,
    [
      generateEntityId(undefined, "smscev"),
      consent.id,
      consent.phone,
      event.type,
      event.inbound_text,
      input.inbound_message_id,
      input.occurred_at,
    ]
  )
  return rows[0]?.id ?? null
}

/**
 * Creates the number's consent, or, when a concurrent request created it first, locks and
 * returns that one.
 */
async function insertConsent(
  trx: Knex.Transaction,
  phone: string,
  status: ConsentStatus,
  country: string | null
): Promise<ConsentRow & { inserted: boolean }> {
  const { rows } = await trx.raw<{ rows: ConsentRow[] }>(
    `INSERT INTO sms_consent (id, phone, status, country, created_at, updated_at)
     VALUES (?, ?, ?, ?, now(), now())
     ON CONFLICT (phone) WHERE deleted_at IS NULL DO NOTHING
     RETURNING id, phone, status`,
    [generateEntityId(undefined, "smscons"), phone, status, country]
  )
  if (rows.length) {
    return { ...rows[0], inserted: true }
  }
  const { rows: existing } = await trx.raw<{ rows: ConsentRow[] }>(
    `SELECT id, phone, status FROM sms_consent WHERE phone = ? AND deleted_at IS NULL FOR UPDATE`,
    [phone]
  )
  return { ...existing[0], inserted: false }
}
