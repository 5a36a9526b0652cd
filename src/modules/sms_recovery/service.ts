import type { Context, Logger } from "@medusajs/framework/types"
import {
  generateEntityId,
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MedusaService,
} from "@medusajs/framework/utils"
import type { EntityManager } from "@medusajs/framework/mikro-orm/knex"
import { SEND_UNCONFIRMED, SMS_RECOVERY_MODULE } from "./constants"
import { SMS_RECOVERY_MODELS, smsRecoveryJoinerConfig } from "./joiner-config"
import { DEFAULT_CAMPAIGN } from "./default-campaign"
import { parseSmsRecoveryOptions, type SmsRecoveryOptions } from "./options"
import type {
  CampaignWithSteps,
  CartActivity,
  ClaimedRecovery,
  ClaimRequest,
  MessageRow,
  NewMessage,
  RecoveryChanges,
} from "./types"
import * as reporting from "./queries"
import * as inboundCallbacks from "./queries/inbound-callbacks"
import type { ConsentStatus } from "../../lib/consent-status"
import { erasedPhone, phoneKey } from "../../lib/phone-hash"
import { SINCH_SIGNATURE_MAX_SKEW_SECONDS } from "../../lib/sinch-signature"
import {
  CONFIRMATION_CEILING_WINDOW_MS,
  decideConfirmationText,
  type ConfirmationCeilings,
  type ConfirmationDecision,
} from "../../lib/confirmation-gate"
import { createHmac } from "node:crypto"

const CAMPAIGN_CACHE_MS = 5_000

/**
 * How long a keyword opt-out waits for a send in flight (a provider call with its retries).
 * Past it the callback fails with a 5xx and Sinch retries it, rather than the opt-out being
 * skipped.
 */
const KEYWORD_LOCK_TIMEOUT = "15s"

/**
 * A webhook nonce must be remembered while a request carrying it could still pass the
 * timestamp check: up to the skew after a timestamp that was itself up to the skew ahead.
 */
const NONCE_RETENTION_MS = 2 * SINCH_SIGNATURE_MAX_SKEW_SECONDS * 1000
const NONCE_PRUNE_INTERVAL_MS = 60 * 1000
const COUNTER_PRUNE_INTERVAL_MS = 60 * 1000
/** Used cart tokens share the nonce table; the prefix keeps them apart from Sinch's nonces. */
const CART_TOKEN_NONCE_PREFIX = "cart-token:"

/** `?, ?, ?` for a list bound value by value (the driver would not expand an array). */
function placeholders(values: readonly unknown[]): string {
  return values.map(() => "?").join(", ")
}

function sortSteps(campaign: CampaignWithSteps): CampaignWithSteps {
  const steps = [...campaign.steps]
    .sort((a, b) => a.position - b.position)
    .map((step) => ({
      ...step,
      variants: [...step.variants].sort((a, b) => a.name.localeCompare(b.name)),
    }))
  return { ...campaign, steps }
}

/**
 * Claims up to N due recoveries for a worker: parameters are the worker id, the lease's end,
 * now (twice) and N. Reads only due rows, through the partial index `IDX_sms_recovery_due`.
 */
export const CLAIM_DUE_RECOVERIES_SQL = `UPDATE sms_recovery r
    SET claimed_by = ?, claim_expires_at = ?, updated_at = now()
   FROM (
     SELECT id FROM sms_recovery
      WHERE next_send_at IS NOT NULL AND deleted_at IS NULL
        AND next_send_at <= ?
        AND (claim_expires_at IS NULL OR claim_expires_at < ?)
      ORDER BY next_send_at
      LIMIT ?
      FOR UPDATE SKIP LOCKED
   ) due
  WHERE r.id = due.id
  RETURNING r.id, r.cart_id, r.campaign_id, r.phone, r.customer_id, r.status,
    r.last_activity_at, r.next_step, r.next_send_at, r.send_attempts`

class SmsRecoveryModuleService extends MedusaService(SMS_RECOVERY_MODELS) {
  protected readonly options_: SmsRecoveryOptions
  protected readonly logger_: Logger
  protected readonly campaignCache_ = new Map<
    string,
    { campaign: CampaignWithSteps | null; expiresAt: number }
  >()
  /** When this process last deleted old webhook nonces. */
  protected noncesPrunedAt_ = 0
  /** When this process last deleted the counters of ended rate-limit windows. */
  protected countersPrunedAt_ = 0

  __joinerConfig() {
    return smsRecoveryJoinerConfig(SMS_RECOVERY_MODULE)
  }

  __hooks = {
    onApplicationStart: async () => {
      await this.ensureDefaultCampaign().catch((error: Error) =>
        this.logger_.error(`Could not create the default SMS recovery campaign: ${error.message}`)
      )
    },
  }

  constructor(
    container: { logger: Logger } & Record<string, unknown>,
    options: Record<string, unknown>
  ) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.logger_ = container.logger
    this.options_ = parseSmsRecoveryOptions(options)
  }

  /** The validated plugin options: subscribers, jobs and routes read them through here. */
  getOptions(): SmsRecoveryOptions {
    return this.options_
  }

  /**
   * Records shopper activity on a cart in one statement: the cart's open episode is pushed
   * back (or one is opened), and an episode that already sent a reminder is stopped so the
   * next idle spell starts a new one. Never reads the cart.
   */
  @InjectTransactionManager()
  async recordCartActivity(
    activity: CartActivity,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<void> {
    const manager = sharedContext.transactionManager!
    const nextSendAt = activity.firstStepDueAt ?? null
    await manager.execute(
      `WITH ended AS (
         UPDATE sms_recovery
            SET status = 'stopped', reason = 'cart_activity', next_send_at = NULL,
                claimed_by = NULL, claim_expires_at = NULL, ended_at = ?, updated_at = now()
          WHERE cart_id = ? AND status = 'active' AND deleted_at IS NULL
          RETURNING id
       )
       INSERT INTO sms_recovery
         (id, cart_id, campaign_id, customer_id, status, last_activity_at, next_step, next_send_at,
          send_attempts, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'tracking', ?, 1, ?, 0, now(), now())
       ON CONFLICT (cart_id) WHERE status = 'tracking' AND deleted_at IS NULL
       DO UPDATE SET
         last_activity_at = GREATEST(sms_recovery.last_activity_at, EXCLUDED.last_activity_at),
         next_send_at = EXCLUDED.next_send_at,
         campaign_id = EXCLUDED.campaign_id,
         customer_id = COALESCE(EXCLUDED.customer_id, sms_recovery.customer_id),
         next_step = 1, send_attempts = 0, reason = NULL, updated_at = now()`,
      [
        activity.at,
        activity.cartId,
        generateEntityId(undefined, "smsrec"),
        activity.cartId,
        activity.campaignId ?? null,
        activity.customerId ?? null,
        activity.at,
        nextSendAt,
      ]
    )
  }

  /**
   * Atomically claims up to `limit` due recoveries for one sweep worker. `SKIP LOCKED` keeps
   * two workers off the same rows; the lease lets a crashed worker's claims be retaken once
   * it expires. Reads through the partial index on `next_send_at`.
   */
  @InjectTransactionManager()
  async claimDueRecoveries(
    request: ClaimRequest,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<ClaimedRecovery[]> {
    const manager = sharedContext.transactionManager!
    const leaseUntil = new Date(request.now.getTime() + request.leaseSeconds * 1000)
    const rows: ClaimedRecovery[] = await manager.execute(
      CLAIM_DUE_RECOVERIES_SQL,
      [request.workerId, leaseUntil, request.now, request.now, request.limit]
    )
    return rows
  }

  /**
   * Creates the default campaign, switched off, when there is no campaign at all. A
   * transaction-scoped advisory lock keeps two instances booting together from both creating it.
   */
  @InjectTransactionManager()
  async ensureDefaultCampaign(
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<void> {
    const manager = sharedContext.transactionManager!
    await manager.execute(`SELECT pg_advisory_xact_lock(hashtext('sms_recovery_default_campaign'))`)
    const [{ count }] = await manager.execute(
      `SELECT count(*)::int AS count FROM sms_campaign WHERE deleted_at IS NULL`
    )
    if (count > 0) {
      return
    }
    const { steps, ...campaign } = DEFAULT_CAMPAIGN
    const [created] = await this.createCampaigns([campaign], sharedContext)
    for (const { variants, ...step } of steps) {
      const [createdStep] = await this.createCampaignSteps(
        [{ ...step, campaign_id: created.id }],
        sharedContext
      )
      await this.createStepVariants(
        variants.map((variant) => ({ ...variant, step_id: createdStep.id })),
        sharedContext
      )
    }
  }

  /**
   * Ends every open recovery of a phone at once (an opt-out): nothing more is scheduled, and
   * a sweep that already claimed one finds it ended when it re-checks consent before sending.
   */
  @InjectTransactionManager()
  async endRecoveriesForPhone(
    phone: string,
    ending: { status: "opted_out" | "stopped"; reason: string; at: Date },
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<number> {
    const manager = sharedContext.transactionManager!
    const rows: { id: string }[] = await manager.execute(
      `UPDATE sms_recovery
          SET status = ?, reason = ?, next_send_at = NULL, ended_at = ?, updated_at = now()
        WHERE phone = ? AND status IN ('tracking', 'active') AND deleted_at IS NULL
        RETURNING id`,
      [ending.status, ending.reason, ending.at, phone]
    )
    return rows.length
  }

  /**
   * Reschedules recoveries the sweep parked for lack of consent (`reason = 'no_consent'`) once
   * the shopper consents, so the reminder is not lost until the next cart event.
   */
  @InjectTransactionManager()
  async resumeRecoveriesAwaitingConsent(
    match: { cartIds?: string[]; phone?: string; at: Date },
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<number> {
    const cartIds = match.cartIds ?? []
    const matches = [
      ...(cartIds.length ? [`cart_id IN (${cartIds.map(() => "?").join(", ")})`] : []),
      ...(match.phone ? ["phone = ?"] : []),
    ]
    if (!matches.length) {
      return 0
    }
    const manager = sharedContext.transactionManager!
    const rows: { id: string }[] = await manager.execute(
      `UPDATE sms_recovery
          SET next_send_at = ?, reason = NULL, updated_at = now()
        WHERE status = 'tracking' AND next_send_at IS NULL AND reason = 'no_consent'
          AND deleted_at IS NULL AND (${matches.join(" OR ")})
        RETURNING id`,
      [match.at, ...cartIds, ...(match.phone ? [match.phone] : [])]
    )
    return rows.length
  }

  /**
   * The enabled campaign with its steps and variants, cached for a few seconds: every cart
   * event needs it and it changes only when an admin saves it (which clears the cache).
   */
  async getEnabledCampaign(): Promise<CampaignWithSteps | null> {
    return this.cachedCampaign("enabled", async () => {
      const [campaign] = await this.listCampaigns(
        { enabled: true },
        { relations: ["steps", "steps.variants"], order: { created_at: "ASC" }, take: 1 }
      )
      return campaign ? sortSteps(campaign as CampaignWithSteps) : null
    })
  }

  /** A campaign with its steps (by position) and variants, from the same short-lived cache. */
  async getCampaignWithSteps(id: string): Promise<CampaignWithSteps | null> {
    return this.cachedCampaign(id, async () => {
      const [campaign] = await this.listCampaigns(
        { id },
        { relations: ["steps", "steps.variants"] }
      )
      return campaign ? sortSteps(campaign as CampaignWithSteps) : null
    })
  }

  /** Forgets cached campaigns; call after changing one. */
  clearCampaignCache(): void {
    this.campaignCache_.clear()
  }

  private async cachedCampaign(
    key: string,
    load: () => Promise<CampaignWithSteps | null>
  ): Promise<CampaignWithSteps | null> {
    const cached = this.campaignCache_.get(key)
    if (cached && cached.expiresAt > Date.now()) {
      return cached.campaign
    }
    const campaign = await load()
    this.campaignCache_.set(key, { campaign, expiresAt: Date.now() + CAMPAIGN_CACHE_MS })
    return campaign
  }

  /**
   * Counts a hand-over of the message to the provider, before it happens, and returns its
   * number (from 1). The count is committed first, so a worker that dies mid-send leaves proof
   * that the text may have gone out, and two hand-overs never share a number.
   */
  @InjectTransactionManager()
  async startMessageSend(
    id: string,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<number> {
    const [row]: { send_attempts: number }[] = await sharedContext.transactionManager!.execute(
      `UPDATE sms_message SET send_attempts = send_attempts + 1, updated_at = now()
        WHERE id = ? AND deleted_at IS NULL
        RETURNING send_attempts`,
      [id]
    )
    if (!row) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Message ${id} was not found`)
    }
    return row.send_attempts
  }

  /**
   * Marks a message sent. An SMS is sent only with the Sinch batch that proves it: without
   * one nothing is written and the call fails. A delivery report can land before this write
   * (Sinch is fast), so a status past `queued` and a batch id already known are kept; the mark
   * of an earlier unconfirmed attempt is cleared.
   */
  @InjectTransactionManager()
  async markMessageSent(
    id: string,
    batchId: string | null,
    at: Date,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<MessageRow> {
    const [row]: MessageRow[] = await sharedContext.transactionManager!.execute(
      `UPDATE sms_message
          SET status = CASE WHEN status = 'queued' THEN 'sent' ELSE status END,
              batch_id = COALESCE(batch_id, ?), sent_at = COALESCE(sent_at, ?),
              error_message = CASE WHEN error_code = ? THEN NULL ELSE error_message END,
              error_code = CASE WHEN error_code = ? THEN NULL ELSE error_code END,
              updated_at = now()
        WHERE id = ? AND deleted_at IS NULL
          AND (channel <> 'sms' OR COALESCE(batch_id, ?) IS NOT NULL)
        RETURNING *`,
      [batchId, at, SEND_UNCONFIRMED, SEND_UNCONFIRMED, id, batchId]
    )
    if (!row) {
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        `Message ${id} was not marked sent: an SMS is sent only with the Sinch batch id that proves it`
      )
    }
    return row
  }

  /** SMS messages recorded as sent without a batch id (earlier versions left them after a crash). */
  @InjectManager()
  async listSentWithoutBatch(
    limit: number,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<(MessageRow & { cart_id: string })[]> {
    return sharedContext.manager!.execute(
      `SELECT m.*, r.cart_id FROM sms_message m JOIN sms_recovery r ON r.id = m.recovery_id
        WHERE m.status = 'sent' AND m.batch_id IS NULL AND m.channel = 'sms' AND m.deleted_at IS NULL
        ORDER BY m.created_at LIMIT ?`,
      [limit]
    )
  }

  /**
   * Settles a message recorded as sent that Sinch has no batch for: it never went out. While
   * its recovery is still open at or just past its step (no later text on its way, no worker
   * holding it), the message is queued again as unconfirmed and the recovery is pointed back at
   * its step, due now, so the engine sends it once (or decides it is too late) under every
   * send-time check. Otherwise the message is marked failed. Returns what was done.
   */
  @InjectTransactionManager()
  async settleNeverSentMessage(
    id: string,
    now: Date,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<"requeued" | "failed"> {
    const manager = sharedContext.transactionManager!
    const [message]: MessageRow[] = await manager.execute(
      `SELECT * FROM sms_message WHERE id = ? AND status = 'sent' AND batch_id IS NULL FOR UPDATE`,
      [id]
    )
    if (!message) {
      return "failed"
    }
    const reopened: { id: string }[] = await manager.execute(
      `UPDATE sms_recovery r
          SET next_step = ?, next_send_at = ?, ended_at = NULL, send_attempts = 0,
              reason = 'resend_unconfirmed', updated_at = now(),
              status = CASE WHEN EXISTS (
                SELECT 1 FROM sms_message o WHERE o.recovery_id = r.id AND o.id <> ?
                   AND o.status IN ('sent', 'delivered') AND o.deleted_at IS NULL
              ) THEN 'active' ELSE 'tracking' END
        WHERE r.id = ? AND r.deleted_at IS NULL AND r.status IN ('tracking', 'active', 'exhausted')
          AND (r.claim_expires_at IS NULL OR r.claim_expires_at < ?)
          AND NOT EXISTS (
            SELECT 1 FROM sms_message later WHERE later.recovery_id = r.id
               AND later.step_position > ? AND later.status IN ('queued', 'sent', 'delivered')
               AND later.deleted_at IS NULL
          )
        RETURNING r.id`,
      [message.step_position, now, id, message.recovery_id, now, message.step_position]
    )
    const requeued = reopened.length > 0
    await manager.execute(
      `UPDATE sms_message
          SET status = ?, sent_at = NULL, error_code = ?, error_message = ?, updated_at = now()
        WHERE id = ?`,
      requeued
        ? ["queued", SEND_UNCONFIRMED, "Recorded as sent, but Sinch has no batch for it: sent again", id]
        : ["failed", "never_sent", "Recorded as sent, but Sinch has no batch for it and its recovery has moved on", id]
    )
    return requeued ? "requeued" : "failed"
  }

  /**
   * Records messages unless their idempotency key already has one, in one statement for the
   * page; a retried step gets the message (link code, discount code, text) it recorded the
   * first time. Returns the messages in the order given and the ids of those created now.
   */
  @InjectTransactionManager()
  async recordMessagesOnce(
    messages: NewMessage[],
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<{ messages: MessageRow[]; created: string[] }> {
    if (!messages.length) {
      return { messages: [], created: [] }
    }
    const manager = sharedContext.transactionManager!
    const columns = Object.keys(messages[0]) as (keyof NewMessage)[]
    const row = `(?, ${columns.map(() => "?").join(", ")}, now(), now())`
    const inserted: MessageRow[] = await manager.execute(
      `INSERT INTO sms_message (id, ${columns.map((c) => `"${c}"`).join(", ")}, created_at, updated_at)
       VALUES ${messages.map(() => row).join(", ")}
       ON CONFLICT (idempotency_key) WHERE deleted_at IS NULL DO NOTHING
       RETURNING *`,
      messages.flatMap((message) => [
        generateEntityId(undefined, "smsmsg"),
        ...columns.map((c) => message[c] ?? null),
      ])
    )
    const byKey = new Map(inserted.map((message) => [message.idempotency_key, message]))
    const missing = messages.map((message) => message.idempotency_key).filter((key) => !byKey.has(key))
    if (missing.length) {
      const existing: MessageRow[] = await manager.execute(
        `SELECT * FROM sms_message WHERE idempotency_key IN (${placeholders(missing)}) AND deleted_at IS NULL`,
        missing
      )
      existing.forEach((message) => byKey.set(message.idempotency_key, message))
    }
    return {
      messages: messages.map((message) => byKey.get(message.idempotency_key)!),
      created: inserted.map((message) => message.id),
    }
  }

  /** Sets the number each recovery's texts go to, in one statement. */
  @InjectTransactionManager()
  async setRecoveryPhones(
    phones: { id: string; phone: string }[],
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<void> {
    if (!phones.length) {
      return
    }
    await sharedContext.transactionManager!.execute(
      `UPDATE sms_recovery r SET phone = v.phone, updated_at = now()
         FROM (VALUES ${phones.map(() => "(?, ?)").join(", ")}) AS v(id, phone)
        WHERE r.id = v.id AND r.phone IS DISTINCT FROM v.phone`,
      phones.flatMap(({ id, phone }) => [id, phone])
    )
  }

  /** The steps each recovery has sent so far (sent or delivered), by channel, in one query. */
  @InjectManager()
  async listSentStepsByRecovery(
    recoveryIds: string[],
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<Map<string, { step_position: number; channel: string }[]>> {
    if (!recoveryIds.length) {
      return new Map()
    }
    const rows: { recovery_id: string; step_position: number; channel: string }[] =
      await sharedContext.manager!.execute(
        `SELECT recovery_id, step_position, channel FROM sms_message
          WHERE recovery_id IN (${placeholders(recoveryIds)}) AND status IN ('sent', 'delivered')
            AND deleted_at IS NULL`,
        recoveryIds
      )
    const sent = new Map<string, { step_position: number; channel: string }[]>()
    for (const { recovery_id, step_position, channel } of rows) {
      sent.set(recovery_id, [...(sent.get(recovery_id) ?? []), { step_position, channel }])
    }
    return sent
  }

  /** When texts went to each of these phones since `since`, oldest first (the frequency cap). */
  @InjectManager()
  async listSentAtForPhones(
    phones: string[],
    since: Date,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<Map<string, Date[]>> {
    if (!phones.length) {
      return new Map()
    }
    const rows: { to: string; sent_at: Date }[] = await sharedContext.manager!.execute(
      `SELECT "to", sent_at FROM sms_message
        WHERE "to" IN (${placeholders(phones)}) AND channel = 'sms' AND sent_at >= ?
          AND deleted_at IS NULL AND status IN ('sent', 'delivered')
        ORDER BY sent_at`,
      [...phones, since]
    )
    const sent = new Map<string, Date[]>()
    for (const row of rows) {
      sent.set(row.to, [...(sent.get(row.to) ?? []), new Date(row.sent_at)])
    }
    return sent
  }

  /**
   * Applies the outcome of working on a recovery and gives up the worker's claim on it. Only
   * the claim holder (or, for an unclaimed run, nobody) may write, and only while the
   * recovery is open: a worker whose lease ran out and was retaken, or whose recovery an
   * opt-out or an order ended meanwhile, changes nothing. Returns whether the write happened.
   */
  @InjectTransactionManager()
  async releaseRecovery(
    id: string,
    claimedBy: string | null,
    changes: RecoveryChanges,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<boolean> {
    const manager = sharedContext.transactionManager!
    const columns = Object.keys(changes) as (keyof RecoveryChanges)[]
    const assignments = columns.map((column) => `"${column}" = ?`)
    const rows: { id: string }[] = await manager.execute(
      `UPDATE sms_recovery
          SET ${[...assignments, "claimed_by = NULL", "claim_expires_at = NULL", "updated_at = now()"].join(", ")}
        WHERE id = ? AND claimed_by IS NOT DISTINCT FROM ? AND deleted_at IS NULL
          AND status IN ('tracking', 'active')
        RETURNING id`,
      [...columns.map((column) => changes[column] ?? null), id, claimedBy]
    )
    return rows.length > 0
  }

  /**
   * Applies a keyword texted by the number itself, in one transaction:
   * - the consent row is locked first (`FOR UPDATE`): the sweep holds it while it sends to the
   *   number, so an opt-out waits for a send in flight and no text leaves after it is recorded;
   * - the ledger event (`opted_out`, `opted_in` or `confirmed`, channel `keyword`, with the raw
   *   text) is inserted once per Sinch message id; a message already recorded changes nothing;
   * - the status is updated, or the consent created (a STOP from an unknown number is kept as
   *   an opted-out suppression entry).
   *
   * A STOP from an erased number is recorded on its hashed suppression entry, without the text.
   */
  @InjectTransactionManager()
  async applyKeywordConsent(
    keyword: reporting.KeywordConsent,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<reporting.KeywordConsentOutcome> {
    const manager = sharedContext.transactionManager!
    const hashed = erasedPhone(this.options_.linkSecret, keyword.phone)
    const target: ConsentStatus = keyword.action === "opt_out" ? "opted_out" : "opted_in"
    await manager.execute(`SET LOCAL lock_timeout = '${KEYWORD_LOCK_TIMEOUT}'`)

    const locked = reporting.lockConsentsQuery(keyword.phone, hashed)
    const rows: reporting.ConsentRow[] = await manager.execute(locked.sql, locked.params)
    const own = rows.find((row) => row.phone === keyword.phone)
    const suppression =
      keyword.action === "opt_out" ? rows.find((row) => row.phone === hashed) : undefined
    let consent = own ?? suppression
    let created = false
    if (!consent) {
      const insert = reporting.insertConsentQuery(
        generateEntityId(undefined, "smscons"),
        keyword.phone,
        target,
        keyword.country ?? null
      )
      const [inserted]: reporting.ConsentRow[] = await manager.execute(insert.sql, insert.params)
      if (inserted) {
        consent = inserted
        created = true
      } else {
        // A concurrent request created it first: lock that one.
        const [existing]: reporting.ConsentRow[] = await manager.execute(
          `SELECT id, phone, status FROM sms_consent WHERE phone = ? AND deleted_at IS NULL FOR UPDATE`,
          [keyword.phone]
        )
        consent = existing
      }
    }

    const previous = created ? null : consent.status
    const type =
      keyword.action === "opt_out"
        ? "opted_out"
        : previous === "pending" && keyword.confirms_pending
          ? "confirmed"
          : "opted_in"
    const event = reporting.insertKeywordEventQuery(generateEntityId(undefined, "smscev"), consent, {
      type,
      // An erased number's suppression entry keeps no text from the phone.
      inbound_text: consent.phone === hashed ? null : keyword.inbound_text,
      inbound_message_id: keyword.inbound_message_id,
      occurred_at: keyword.occurred_at,
    })
    const [recorded]: { id: string }[] = await manager.execute(event.sql, event.params)
    const eventId = recorded?.id ?? null
    if (!eventId) {
      return {
        consent,
        previous: consent.status,
        status: consent.status,
        created: false,
        duplicate: true,
        event_id: null,
      }
    }
    if (previous !== null && previous !== target) {
      await manager.execute(
        `UPDATE sms_consent SET status = ?, country = COALESCE(country, ?), updated_at = now() WHERE id = ?`,
        [target, keyword.country ?? null, consent.id]
      )
    }
    return { consent, previous, status: target, created, duplicate: false, event_id: eventId }
  }

  /** Takes back an opt-in `applyKeywordConsent` recorded: its event, and the status it set. */
  @InjectTransactionManager()
  async revertKeywordConsent(
    undo: reporting.KeywordConsentUndo,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<void> {
    const manager = sharedContext.transactionManager!
    await manager.execute(`DELETE FROM sms_consent_event WHERE id = ?`, [undo.event_id])
    if (undo.created) {
      await manager.execute(`DELETE FROM sms_consent WHERE id = ?`, [undo.consent_id])
      return
    }
    await manager.execute(
      `UPDATE sms_consent SET status = ?, updated_at = now() WHERE id = ? AND status = 'opted_in'`,
      [undo.previous_status, undo.consent_id]
    )
  }

  /**
   * Adds a `help` event to the ledger of a number that has a consent, once per inbound message.
   * Returns the event's id, or null when the number has no consent or the message was recorded.
   */
  @InjectTransactionManager()
  async recordHelpRequest(
    request: reporting.HelpRequest,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<string | null> {
    const { sql, params } = reporting.insertHelpEventQuery(
      generateEntityId(undefined, "smscev"),
      request
    )
    const [row]: { id: string }[] = await sharedContext.transactionManager!.execute(sql, params)
    return row?.id ?? null
  }

  /** Removes a ledger event `recordHelpRequest` added. */
  @InjectTransactionManager()
  async revertHelpRequest(
    eventId: string,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<void> {
    await sharedContext.transactionManager!.execute(`DELETE FROM sms_consent_event WHERE id = ?`, [
      eventId,
    ])
  }

  /**
   * Applies a Sinch delivery report to the messages of its batch. Each update is one
   * conditional statement committed on its own (no enclosing transaction): a message's status
   * only moves forward, so duplicates, out-of-order and concurrent reports change nothing they
   * should not. Returns the number of messages updated.
   */
  @InjectManager()
  async applyDeliveryReport(
    report: reporting.DeliveryReport,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<number> {
    const manager = sharedContext.manager!
    let updated = 0
    for (const update of report.updates) {
      const { sql, params } = reporting.deliveryUpdateQuery(report, update)
      const rows: { id: string }[] = await manager.execute(sql, params)
      updated += rows.length
    }
    return updated
  }

  /**
   * Records a Sinch callback before it is answered, once per kind and Sinch id (one
   * statement), and returns it while it still has to be applied; Sinch's retry of a callback
   * already applied returns null. An opt-out is keyed by its sender's `phoneKey`, so
   * `consentStatusForSend` sees it from this moment on.
   */
  @InjectManager()
  async recordInboundCallback(
    callback: inboundCallbacks.NewInboundCallback,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<inboundCallbacks.InboundCallbackToApply | null> {
    const optOutKey = callback.opt_out_phone ? phoneKey(this.options_.linkSecret, callback.opt_out_phone) : null
    const { sql, params } = inboundCallbacks.recordInboundCallbackQuery(
      generateEntityId(undefined, "smsinb"),
      callback,
      optOutKey
    )
    const [row]: inboundCallbacks.InboundCallbackToApply[] = await sharedContext.manager!.execute(sql, params)
    return row ?? null
  }

  /**
   * The consent a reminder to this number must obey, read under the number's consent lock
   * right before the send: `opted_out` as soon as an opt-out texted by the number is recorded,
   * even before it is applied, so no reminder leaves after a STOP reached the webhook.
   */
  @InjectManager()
  async consentStatusForSend(
    phone: string,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<ConsentStatus | "none"> {
    const { sql, params } = inboundCallbacks.consentStatusForSendQuery(
      phone,
      phoneKey(this.options_.linkSecret, phone)
    )
    const [row]: { status: ConsentStatus | "none" }[] = await sharedContext.manager!.execute(sql, params)
    return row.status
  }

  /**
   * Erases a number from the module's data in one transaction (GDPR Art. 17): the consent is
   * kept as an `opted_out` suppression entry under the number's keyed hash, the ledger, the
   * recoveries and the messages have the number replaced (and what identifies the shopper
   * cleared), open recoveries are ended and an `erased` event is added.
   */
  @InjectTransactionManager()
  async erasePhone(
    phone: string,
    erasedAt: Date,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<reporting.PhoneErasure> {
    const manager = sharedContext.transactionManager!
    const hash = erasedPhone(this.options_.linkSecret, phone)
    const count = async ({ sql, params }: reporting.SqlQuery) =>
      ((await manager.execute(sql, params)) as unknown[]).length

    const locked = reporting.lockConsentsQuery(phone, hash)
    const existing: reporting.ConsentRow[] = await manager.execute(locked.sql, locked.params)
    const own = existing.find((row) => row.phone === phone)
    const suppression = existing.find((row) => row.phone === hash)

    // The row that suppresses the number from now on: its earlier suppression entry (erased
    // before and came back), else its own consent turned into one, else a new one.
    let consentId: string
    if (suppression) {
      await manager.execute(
        `UPDATE sms_consent SET status = 'opted_out', customer_id = NULL, updated_at = now() WHERE id = ?`,
        [suppression.id]
      )
      consentId = suppression.id
    } else if (own) {
      await manager.execute(
        `UPDATE sms_consent SET phone = ?, status = 'opted_out', customer_id = NULL, updated_at = now()
          WHERE id = ?`,
        [hash, own.id]
      )
      consentId = own.id
    } else {
      const [row]: { id: string }[] = await manager.execute(
        `INSERT INTO sms_consent (id, phone, status, created_at, updated_at)
         VALUES (?, ?, 'opted_out', now(), now())
         RETURNING id`,
        [generateEntityId(undefined, "smscons"), hash]
      )
      consentId = row.id
    }

    const events = await count(reporting.eraseConsentEventsQuery(phone, hash, consentId))
    if (own && suppression) {
      await manager.execute(`DELETE FROM sms_consent WHERE id = ?`, [own.id])
    }
    // Rows deleted earlier still held the number.
    await manager.execute(
      `UPDATE sms_consent SET phone = ?, customer_id = NULL WHERE phone = ? AND deleted_at IS NOT NULL`,
      [hash, phone]
    )
    await manager.execute(
      `INSERT INTO sms_consent_event (id, consent_id, phone, type, channel, occurred_at, created_at, updated_at)
       VALUES (?, ?, ?, 'erased', 'admin', ?, now(), now())`,
      [generateEntityId(undefined, "smscev"), consentId, hash, erasedAt]
    )
    const recoveries = await count(reporting.eraseRecoveriesQuery(phone, hash, erasedAt))
    const messages = await count({
      sql: `UPDATE sms_message SET "to" = ?, body = NULL, updated_at = now() WHERE "to" = ? RETURNING id`,
      params: [hash, phone],
    })
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
   * Remembers a signed callback's nonce; false when it was seen before (a replay). One
   * statement, so two copies of a request arriving together cannot both pass. Nonces too old
   * to matter are deleted afterwards, at most once a minute per process.
   */
  @InjectManager()
  async recordWebhookNonce(
    nonce: string,
    at: Date,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<boolean> {
    const manager = sharedContext.manager!
    const rows: { id: string }[] = await manager.execute(
      `INSERT INTO sms_webhook_nonce (id, nonce, received_at, created_at, updated_at)
       VALUES (?, ?, ?, now(), now())
       ON CONFLICT (nonce) WHERE deleted_at IS NULL DO NOTHING
       RETURNING id`,
      [generateEntityId(undefined, "smsnonce"), nonce, at]
    )
    if (at.getTime() - this.noncesPrunedAt_ >= NONCE_PRUNE_INTERVAL_MS) {
      this.noncesPrunedAt_ = at.getTime()
      await manager.execute(`DELETE FROM sms_webhook_nonce WHERE received_at < ?`, [
        new Date(at.getTime() - NONCE_RETENTION_MS),
      ])
    }
    return rows.length > 0
  }

  /** Forgets a nonce, so Sinch's retry of a callback that failed on our side is not a replay. */
  @InjectManager()
  async forgetWebhookNonce(
    nonce: string,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<void> {
    await sharedContext.manager!.execute(`DELETE FROM sms_webhook_nonce WHERE nonce = ?`, [nonce])
  }

  /**
   * Marks a recovery link's cart token as used; false when it already was. One statement, so
   * two exchanges of one token at once, on any instance, cannot both pass. The row is dated at
   * the token's expiry, so the webhook nonces' pruning keeps it for as long as the token lives.
   */
  @InjectManager()
  async redeemCartToken(
    tokenId: string,
    expiresAt: Date,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<boolean> {
    const rows: { id: string }[] = await sharedContext.manager!.execute(
      `INSERT INTO sms_webhook_nonce (id, nonce, received_at, created_at, updated_at)
       VALUES (?, ?, ?, now(), now())
       ON CONFLICT (nonce) WHERE deleted_at IS NULL DO NOTHING
       RETURNING id`,
      [generateEntityId(undefined, "smsnonce"), `${CART_TOKEN_NONCE_PREFIX}${tokenId}`, expiresAt]
    )
    return rows.length > 0
  }

  /** Makes a token `redeemCartToken` marked usable again, when its exchange did not finish. */
  @InjectManager()
  async forgetCartToken(
    tokenId: string,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<void> {
    await sharedContext.manager!.execute(`DELETE FROM sms_webhook_nonce WHERE nonce = ?`, [
      `${CART_TOKEN_NONCE_PREFIX}${tokenId}`,
    ])
  }

  // --- consent abuse guard: rate-limit counters and confirmation-text ceilings ---

  /**
   * Counts one request under `key` (stored as its keyed hash, so no number or address is kept)
   * in the fixed window starting at `windowStart`, and returns the window's count with this
   * request included. One upsert: concurrent requests on any instance each get their own count.
   * Counters of windows that started before `pruneBefore` are deleted, at most once a minute
   * per process.
   */
  @InjectManager()
  async countRateLimitHit(
    key: string,
    windowStart: Date,
    pruneBefore: Date,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<number> {
    const manager = sharedContext.manager!
    const hashed = createHmac("sha256", this.options_.linkSecret).update(`sms-recovery:rate:${key}`).digest("hex")
    const count = reporting.countRateLimitHitQuery(generateEntityId(undefined, "smsrate"), hashed, windowStart)
    const [row]: { hits: number }[] = await manager.execute(count.sql, count.params)
    if (Date.now() - this.countersPrunedAt_ >= COUNTER_PRUNE_INTERVAL_MS) {
      this.countersPrunedAt_ = Date.now()
      const prune = reporting.pruneRateLimitCountersQuery(pruneBefore)
      await manager.execute(prune.sql, prune.params)
    }
    return Number(row.hits)
  }

  /**
   * Decides whether a double opt-in text may go to a consent's number now
   * (`decideConfirmationText`) and, when it may, records it as sent, in one transaction under
   * a store-wide advisory lock: two requests on any instances never both take the last place
   * under a ceiling. Returns the decision and the number's previous `confirmation_sent_at`,
   * to restore when the text is not sent after all.
   */
  @InjectTransactionManager()
  async reserveConfirmationText(
    input: {
      consent_id: string
      country: string | null
      served_countries: readonly string[]
      ceilings: ConfirmationCeilings
      at: Date
    },
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<{ decision: ConfirmationDecision; previous_sent_at: Date | null }> {
    const manager = sharedContext.transactionManager!
    await manager.execute(reporting.CONFIRMATION_CEILING_LOCK_SQL)
    const usage = reporting.confirmationUsageQuery(
      input.consent_id,
      new Date(input.at.getTime() - CONFIRMATION_CEILING_WINDOW_MS)
    )
    const [row]: {
      confirmation_sent_at: Date | null
      sent_last_hour: number
      sent_last_hour_to_country: number
    }[] = await manager.execute(usage.sql, usage.params)
    const previous = row?.confirmation_sent_at ? new Date(row.confirmation_sent_at) : null
    const decision = decideConfirmationText({
      country: input.country,
      servedCountries: input.served_countries,
      lastSentAt: previous,
      sentLastHour: row?.sent_last_hour ?? 0,
      sentLastHourToCountry: row?.sent_last_hour_to_country ?? 0,
      ceilings: input.ceilings,
      now: input.at,
    })
    if (decision.send) {
      const reserve = reporting.setConfirmationSentAtQuery(input.consent_id, input.at)
      await manager.execute(reserve.sql, reserve.params)
    }
    return { decision, previous_sent_at: previous }
  }

  /** Gives back a reservation: the number's last confirmation text is `previousSentAt` again. */
  @InjectManager()
  async releaseConfirmationText(
    consentId: string,
    previousSentAt: Date | null,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<void> {
    const restore = reporting.setConfirmationSentAtQuery(consentId, previousSentAt)
    await sharedContext.manager!.execute(restore.sql, restore.params)
  }

  // --- links, attribution and stats: methods below this line ---

  /**
   * Counts a click on a recovery link, safe under concurrent clicks. Returns the counters
   * with their values before the click (to undo it), or null when the text is gone.
   */
  @InjectTransactionManager()
  async recordLinkClick(
    messageId: string,
    clickedAt: Date,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<reporting.RecordedLinkClick | null> {
    const { sql, params } = reporting.recordLinkClickQuery(messageId, clickedAt)
    const [row] = await sharedContext.transactionManager!.execute(sql, params)
    return row ? ({ ...row, clicked_at: clickedAt } as reporting.RecordedLinkClick) : null
  }

  /** Takes back a click `recordLinkClick` counted. */
  @InjectTransactionManager()
  async revertLinkClick(
    click: reporting.RecordedLinkClick,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<void> {
    const { sql, params } = reporting.revertLinkClickQuery(click)
    await sharedContext.transactionManager!.execute(sql, params)
  }

  /** Texts that may be credited with an order (see `chooseAttribution`). */
  @InjectManager()
  async listAttributionCandidates(
    lookup: reporting.AttributionCandidateLookup,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<reporting.AttributionCandidate[]> {
    const { sql, params } = reporting.attributionCandidatesQuery(lookup)
    const rows: reporting.AttributionCandidateRow[] = await sharedContext.manager!.execute(sql, params)
    return rows.map(reporting.toAttributionCandidate)
  }

  /**
   * Writes the order's attribution unless it already has one; returns it only when this call
   * wrote it, so a redelivered `order.placed` changes nothing.
   */
  @InjectTransactionManager()
  async createAttributionOnce(
    attribution: reporting.NewAttribution,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<reporting.CreatedAttribution | null> {
    const id = generateEntityId(undefined, "smsattr")
    const { sql, params } = reporting.insertAttributionQuery(id, attribution)
    const [row] = await sharedContext.transactionManager!.execute(sql, params)
    return row ? { id, ...attribution } : null
  }

  /**
   * Ends the recoveries an order ends (the credited one `recovered`, the cart's other open
   * ones `completed`) and returns their states before, for compensation.
   */
  @InjectTransactionManager()
  async settleOrderRecoveries(
    input: reporting.SettleOrderRecoveries,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<reporting.RecoveryStateBefore[]> {
    if (!input.cart_id && !input.recovered_recovery_id) {
      return []
    }
    const { sql, params } = reporting.settleOrderRecoveriesQuery(input)
    return await sharedContext.transactionManager!.execute(sql, params)
  }

  /** Puts recoveries back as `settleOrderRecoveries` found them. */
  @InjectTransactionManager()
  async revertOrderSettlement(
    states: reporting.RecoveryStateBefore[],
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<void> {
    if (!states.length) {
      return
    }
    const { sql, params } = reporting.restoreRecoveriesQuery(states)
    await sharedContext.transactionManager!.execute(sql, params)
  }

  /** The admin's numbers for a time range, aggregated in three grouped queries. */
  @InjectManager()
  async getRecoveryStats(
    filters: reporting.RecoveryStatsFilters,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<reporting.RecoveryStats> {
    const manager = sharedContext.manager!
    const run = ({ sql, params }: reporting.SqlQuery) => manager.execute(sql, params)
    const messages = await run(reporting.messageCountersQuery(filters))
    const attributions = await run(reporting.attributionTotalsQuery(filters))
    const [audience] = await run(reporting.audienceQuery(filters))
    return reporting.assembleRecoveryStats(filters, {
      messages: messages as reporting.MessageCounterRow[],
      attributions: attributions as reporting.AttributionTotalRow[],
      audience: audience as reporting.AudienceRow,
    })
  }

  /** Texts for the admin, newest first, with the attribution they earned. */
  @InjectManager()
  async listAndCountMessageSummaries(
    filters: reporting.MessageListFilters,
    pagination: reporting.MessageListPagination,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<[reporting.MessageSummary[], number]> {
    const manager = sharedContext.manager!
    const list = reporting.listMessagesQuery(filters, pagination)
    const rows: reporting.MessageSummaryRow[] = await manager.execute(list.sql, list.params)
    const total = reporting.countMessagesQuery(filters)
    const [{ count }] = await manager.execute(total.sql, total.params)
    return [rows.map(reporting.toMessageSummary), Number(count)]
  }
}

export default SmsRecoveryModuleService
