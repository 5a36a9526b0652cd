import type { ConsentStatus } from "../../../lib/consent-status"
import { MESSAGE_STATUS_RANK, type DeliveryOutcome } from "../../../lib/delivery-status"
import { OPEN_RECOVERY_STATUSES_SQL, type SqlQuery } from "./sql"

export type ConsentRow = { id: string; phone: string; status: ConsentStatus }

/** A keyword (STOP, START, YES…) texted by the number itself. */
export type KeywordConsent = {
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

export type KeywordConsentOutcome = {
  /** The consent the keyword applied to (the number's own, or its erased suppression entry). */
  consent: ConsentRow
  /** The status before, or null when the consent was created. */
  previous: ConsentStatus | null
  status: ConsentStatus
  created: boolean
  /** The inbound message was recorded before: nothing was changed. */
  duplicate: boolean
  /** The ledger event added, or null for a duplicate. */
  event_id: string | null
}

/** What `revertKeywordConsent` needs to take back an opt-in. */
export type KeywordConsentUndo = {
  consent_id: string
  event_id: string
  created: boolean
  previous_status: ConsentStatus | null
}

/** A HELP or INFO texted by a number. */
export type HelpRequest = {
  /** The number that texted, in E.164. */
  phone: string
  inbound_text: string
  /** Sinch's id of the inbound message: a retried callback is recorded once. */
  inbound_message_id: string
  occurred_at: Date
}

export type PhoneErasure = {
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
  /** Recorded Sinch callbacks (inbound texts, delivery reports) that held the number, deleted. */
  callbacks: number
  /** The number's replies, deleted: their ids, so their admin feed entries go too. */
  reply_ids: string[]
}

export type DeliveryUpdate = DeliveryOutcome & {
  /** The recipient in E.164, or null for every recipient of the batch (a summary report). */
  recipient: string | null
  /** When Sinch recorded the status. */
  at: Date
}

export type DeliveryReport = {
  /** Sinch's batch id, as stored on the message when it was sent. */
  batch_id: string
  /**
   * The batch's `client_reference` (the message's idempotency key), which finds a message
   * whose report arrives before its batch id was recorded.
   */
  client_reference?: string | null
  updates: DeliveryUpdate[]
}

/** Locks the consents of a number and of its erased suppression entry. */
export function lockConsentsQuery(phone: string, hashed: string): SqlQuery {
  const sql = `
    SELECT id, phone, status FROM sms_consent
     WHERE phone IN (?, ?) AND deleted_at IS NULL
     FOR UPDATE`
  return { sql, params: [phone, hashed] }
}

/** Locks a number's own consent (one a concurrent request just created). */
export function lockConsentQuery(phone: string): SqlQuery {
  const sql = `SELECT id, phone, status FROM sms_consent WHERE phone = ? AND deleted_at IS NULL FOR UPDATE`
  return { sql, params: [phone] }
}

/** Sets a consent's status, and its country when it had none. */
export function setConsentStatusQuery(id: string, status: ConsentStatus, country: string | null): SqlQuery {
  const sql = `UPDATE sms_consent SET status = ?, country = COALESCE(country, ?), updated_at = now() WHERE id = ?`
  return { sql, params: [status, country, id] }
}

/** Puts back the status an opt-in replaced, unless the consent changed again since. */
export function revertOptInQuery(id: string, previous: ConsentStatus | null): SqlQuery {
  const sql = `UPDATE sms_consent SET status = ?, updated_at = now() WHERE id = ? AND status = 'opted_in'`
  return { sql, params: [previous, id] }
}

export function deleteConsentQuery(id: string): SqlQuery {
  return { sql: `DELETE FROM sms_consent WHERE id = ?`, params: [id] }
}

export function deleteConsentEventQuery(id: string): SqlQuery {
  return { sql: `DELETE FROM sms_consent_event WHERE id = ?`, params: [id] }
}

/** Creates a number's consent unless it has one (then returns no row). */
export function insertConsentQuery(
  id: string,
  phone: string,
  status: ConsentStatus,
  country: string | null
): SqlQuery {
  const sql = `
    INSERT INTO sms_consent (id, phone, status, country, created_at, updated_at)
    VALUES (?, ?, ?, ?, now(), now())
    ON CONFLICT (phone) WHERE deleted_at IS NULL DO NOTHING
    RETURNING id, phone, status`
  return { sql, params: [id, phone, status, country] }
}

/** Adds a keyword's ledger event once per inbound message (no row when it was recorded before). */
export function insertKeywordEventQuery(
  id: string,
  consent: ConsentRow,
  event: {
    type: string
    inbound_text: string | null
    inbound_message_id: string
    occurred_at: Date
  }
): SqlQuery {
  const sql = `
    INSERT INTO sms_consent_event
      (id, consent_id, phone, type, channel, inbound_text, inbound_message_id, occurred_at,
       created_at, updated_at)
    VALUES (?, ?, ?, ?, 'keyword', ?, ?, ?, now(), now())
    ON CONFLICT (inbound_message_id) WHERE inbound_message_id IS NOT NULL AND deleted_at IS NULL
    DO NOTHING
    RETURNING id`
  return {
    sql,
    params: [
      id,
      consent.id,
      consent.phone,
      event.type,
      event.inbound_text,
      event.inbound_message_id,
      event.occurred_at,
    ],
  }
}

/** Adds a `help` event to the ledger of a number that has a consent, once per inbound message. */
export function insertHelpEventQuery(id: string, request: HelpRequest): SqlQuery {
  const sql = `
    INSERT INTO sms_consent_event
      (id, consent_id, phone, type, channel, inbound_text, inbound_message_id, occurred_at,
       created_at, updated_at)
    SELECT ?, c.id, c.phone, 'help', 'keyword', ?, ?, ?, now(), now()
      FROM sms_consent c
     WHERE c.phone = ? AND c.deleted_at IS NULL
    ON CONFLICT (inbound_message_id) WHERE inbound_message_id IS NOT NULL AND deleted_at IS NULL
    DO NOTHING
    RETURNING id`
  return {
    sql,
    params: [id, request.inbound_text, request.inbound_message_id, request.occurred_at, request.phone],
  }
}

/**
 * Makes a consent the suppression entry of an erased number: under the number's hash,
 * `opted_out`, with no customer.
 */
export function suppressConsentQuery(id: string, hash: string): SqlQuery {
  const sql = `
    UPDATE sms_consent SET phone = ?, status = 'opted_out', customer_id = NULL, updated_at = now()
     WHERE id = ?`
  return { sql, params: [hash, id] }
}

/** Creates the suppression entry of an erased number that had no consent. */
export function insertSuppressionQuery(id: string, hash: string): SqlQuery {
  const sql = `
    INSERT INTO sms_consent (id, phone, status, created_at, updated_at)
    VALUES (?, ?, 'opted_out', now(), now())
    RETURNING id`
  return { sql, params: [id, hash] }
}

/** Replaces the number in consents deleted earlier, which still hold it. */
export function eraseDeletedConsentsQuery(phone: string, hash: string): SqlQuery {
  const sql = `UPDATE sms_consent SET phone = ?, customer_id = NULL WHERE phone = ? AND deleted_at IS NOT NULL`
  return { sql, params: [hash, phone] }
}

/** The ledger's `erased` event, under the number's hash. */
export function insertErasedEventQuery(id: string, consentId: string, hash: string, erasedAt: Date): SqlQuery {
  const sql = `
    INSERT INTO sms_consent_event (id, consent_id, phone, type, channel, occurred_at, created_at, updated_at)
    VALUES (?, ?, ?, 'erased', 'admin', ?, now(), now())`
  return { sql, params: [id, consentId, hash, erasedAt] }
}

/** Replaces the number by its hash in every ledger event and clears what identifies the shopper. */
export function eraseConsentEventsQuery(phone: string, hash: string, consentId: string): SqlQuery {
  const sql = `
    UPDATE sms_consent_event
       SET phone = ?, consent_id = ?, ip = NULL, user_agent = NULL, inbound_text = NULL,
           updated_at = now()
     WHERE phone = ?
    RETURNING id`
  return { sql, params: [hash, consentId, phone] }
}

/** Replaces the number in its recoveries and ends the open ones (`opted_out`, reason `erased`). */
export function eraseRecoveriesQuery(phone: string, hash: string, erasedAt: Date): SqlQuery {
  const sql = `
    UPDATE sms_recovery
       SET phone = ?,
           status = CASE WHEN status IN (${OPEN_RECOVERY_STATUSES_SQL}) THEN 'opted_out' ELSE status END,
           reason = CASE WHEN status IN (${OPEN_RECOVERY_STATUSES_SQL}) THEN 'erased' ELSE reason END,
           ended_at = CASE WHEN status IN (${OPEN_RECOVERY_STATUSES_SQL}) THEN ? ELSE ended_at END,
           next_send_at = NULL,
           updated_at = now()
     WHERE phone = ?
    RETURNING id`
  return { sql, params: [hash, erasedAt, phone] }
}

/**
 * Replaces the number in the texts sent to it and drops their bodies (which hold the shopper's
 * name); an error message that quotes the number (as Sinch's do, with or without the `+`)
 * gets the hash instead.
 */
export function eraseMessagesQuery(phone: string, hash: string): SqlQuery {
  const sql = `
    UPDATE sms_message
       SET "to" = ?, body = NULL,
           error_message = replace(replace(error_message, ?, ?), ?, ?),
           updated_at = now()
     WHERE "to" = ?
    RETURNING id`
  return { sql, params: [hash, phone, hash, phone.replace(/^\+/, ""), hash, phone] }
}

/** Deletes the texts the number sent that were kept as replies. */
export function eraseRepliesQuery(phone: string): SqlQuery {
  return { sql: `DELETE FROM sms_reply WHERE phone = ? RETURNING id`, params: [phone] }
}

const RANK_OF_STATUS = `CASE status ${Object.entries(MESSAGE_STATUS_RANK)
  .map(([status, rank]) => `WHEN '${status}' THEN ${rank}`)
  .join(" ")} END`

/**
 * Applies one update of a delivery report in one conditional statement: a message's status
 * only moves forward, so duplicates and reports arriving out of order change nothing.
 */
export function deliveryUpdateQuery(report: DeliveryReport, update: DeliveryUpdate): SqlQuery {
  const recipientFilter = update.recipient ? `AND "to" = ?` : ""
  const sql = `
    UPDATE sms_message
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
    RETURNING id`
  return {
    sql,
    params: [
      update.status,
      report.batch_id,
      update.errorCode,
      update.errorMessage,
      update.status,
      update.at,
      report.batch_id,
      report.client_reference ?? null,
      ...(update.recipient ? [update.recipient] : []),
      MESSAGE_STATUS_RANK[update.status],
    ],
  }
}
