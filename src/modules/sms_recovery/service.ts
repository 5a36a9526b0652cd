import type { Context, Logger } from "@medusajs/framework/types"
import {
  generateEntityId,
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaService,
} from "@medusajs/framework/utils"
import { IsolationLevel } from "@medusajs/framework/mikro-orm/core"
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
} from "./types"
import * as queries from "./queries"
import * as inboundCallbacks from "./queries/inbound-callbacks"
import * as heldOutQueries from "./queries/held-out"
import * as experimentQueries from "./queries/experiment-stats"
import type { ConsentStatus } from "../../lib/consent-status"
import { erasedPhone, phoneKey } from "../../lib/phone-hash"
import { orderCampaignSteps } from "../../lib/campaign-order"
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
 * How long applying a keyword waits for another write holding the same consent row (a checkout
 * consent, an erase, another keyword), each of which holds it only briefly. Past it the
 * application fails and the recorded callback is applied again by the retry job, rather than
 * the keyword being skipped.
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

function sortSteps(campaign: CampaignWithSteps): CampaignWithSteps {
  return { ...campaign, steps: orderCampaignSteps(campaign.steps) }
}

class SmsRecoveryModuleService extends MedusaService(SMS_RECOVERY_MODELS) {
  protected readonly options_: SmsRecoveryOptions
  protected readonly logger_: Logger
  protected readonly campaignCache_ = new Map<
    string,
    { campaign: CampaignWithSteps | null; expiresAt: number }
  >()
  protected enabledCampaignsCache_: { campaigns: CampaignWithSteps[]; expiresAt: number } | null = null
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
   * next idle spell starts a new one. Never reads the cart. One statement, committed on its
   * own: no transaction around it to begin and commit on every cart event.
   */
  @InjectManager()
  async recordCartActivity(
    activity: CartActivity,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<void> {
    const { sql, params } = queries.recordCartActivityQuery(generateEntityId(undefined, "smsrec"), activity)
    await sharedContext.manager!.execute(sql, params)
  }

  /**
   * Atomically claims up to `limit` due recoveries for one sweep worker. `SKIP LOCKED` keeps
   * two workers off the same rows; the lease lets a crashed worker's claims be retaken once
   * it expires. Reads through the partial index on `next_send_at`. One statement, committed
   * on its own.
   */
  @InjectManager()
  async claimDueRecoveries(
    request: ClaimRequest,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<ClaimedRecovery[]> {
    const { sql, params } = queries.claimDueRecoveriesQuery(request)
    return sharedContext.manager!.execute(sql, params)
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
    await manager.execute(queries.DEFAULT_CAMPAIGN_LOCK_SQL)
    const campaigns = queries.countCampaignsQuery()
    const [{ count }] = await manager.execute(campaigns.sql, campaigns.params)
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
    const { sql, params } = queries.endRecoveriesForPhoneQuery(phone, ending)
    const rows: { id: string }[] = await sharedContext.transactionManager!.execute(sql, params)
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
    const resume = queries.resumeRecoveriesAwaitingConsentQuery(match)
    if (!resume) {
      return 0
    }
    const rows: { id: string }[] = await sharedContext.transactionManager!.execute(resume.sql, resume.params)
    return rows.length
  }

  /** The enabled campaign a cart is tried against first (see `listEnabledCampaigns`). */
  async getEnabledCampaign(): Promise<CampaignWithSteps | null> {
    return (await this.listEnabledCampaigns())[0] ?? null
  }

  /**
   * The enabled campaigns with their steps and variants, highest priority first (the older
   * first among equals), cached for a few seconds: every cart event and every page of the sweep
   * needs them, and they change only when an admin saves one (which clears the cache).
   */
  async listEnabledCampaigns(): Promise<CampaignWithSteps[]> {
    const cached = this.enabledCampaignsCache_
    if (cached && cached.expiresAt > Date.now()) {
      return cached.campaigns
    }
    const campaigns = await this.listCampaigns(
      { enabled: true },
      { relations: ["steps", "steps.variants"], order: { priority: "DESC", created_at: "ASC" } }
    )
    const sorted = (campaigns as CampaignWithSteps[]).map(sortSteps)
    this.enabledCampaignsCache_ = { campaigns: sorted, expiresAt: Date.now() + CAMPAIGN_CACHE_MS }
    return sorted
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
    this.enabledCampaignsCache_ = null
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
   * Counts a hand-over of each message to the provider, before it happens, and returns each
   * one's number (from 1) by message id; a message not found is left out. The counts are
   * committed first, so a worker that dies mid-send leaves proof that the text may have gone
   * out, and two hand-overs never share a number. One statement, committed on its own: no
   * transaction around it to begin and commit.
   */
  @InjectManager()
  async startMessageSends(
    ids: string[],
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<Map<string, number>> {
    if (!ids.length) {
      return new Map()
    }
    const { sql, params } = queries.startMessageSendsQuery(ids)
    const rows: { id: string; send_attempts: number }[] = await sharedContext.manager!.execute(sql, params)
    return new Map(rows.map((row) => [row.id, row.send_attempts]))
  }

  /**
   * Marks messages sent and returns the rows written. An SMS is sent only with the Sinch batch
   * that proves it: one without is not written, and is missing from the result. One
   * statement, committed on its own.
   */
  @InjectManager()
  async markMessagesSent(
    marks: queries.MessageSentMark[],
    at: Date,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<MessageRow[]> {
    if (!marks.length) {
      return []
    }
    const { sql, params } = queries.markMessagesSentQuery(marks, at, SEND_UNCONFIRMED)
    return sharedContext.manager!.execute(sql, params)
  }

  /** SMS messages recorded as sent without a batch id (earlier versions left them after a crash). */
  @InjectManager()
  async listSentWithoutBatch(
    limit: number,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<(MessageRow & { cart_id: string })[]> {
    const { sql, params } = queries.listSentWithoutBatchQuery(limit)
    return sharedContext.manager!.execute(sql, params)
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
    const run = ({ sql, params }: queries.SqlQuery) => manager.execute(sql, params)
    const [message] = (await run(queries.lockSentWithoutBatchQuery(id))) as MessageRow[]
    if (!message) {
      return "failed"
    }
    const requeued = (await run(queries.reopenAtStepQuery(message, now))).length > 0
    await run(
      requeued
        ? queries.unsendMessageQuery(id, "queued", {
            code: SEND_UNCONFIRMED,
            message: "Recorded as sent, but Sinch has no batch for it: sent again",
          })
        : queries.unsendMessageQuery(id, "failed", {
            code: "never_sent",
            message: "Recorded as sent, but Sinch has no batch for it and its recovery has moved on",
          })
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
    const insert = queries.insertMessagesOnceQuery(
      messages.map((message) => ({ id: generateEntityId(undefined, "smsmsg"), message }))
    )
    return this.insertMessagesOnce_(manager, insert, messages.map((message) => message.idempotency_key))
  }

  /**
   * Records the steps held-out recoveries would have sent, in one statement, once per
   * idempotency key: a step retried after a crash gets the message it recorded before.
   */
  @InjectTransactionManager()
  async recordHeldOutMessages(
    messages: heldOutQueries.HeldOutMessage[],
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<{ messages: MessageRow[]; created: string[] }> {
    if (!messages.length) {
      return { messages: [], created: [] }
    }
    const manager = sharedContext.transactionManager!
    const insert = heldOutQueries.insertHeldOutMessagesQuery(
      messages.map((message) => ({ id: generateEntityId(undefined, "smsmsg"), message }))
    )
    return this.insertMessagesOnce_(manager, insert, messages.map((message) => message.idempotency_key))
  }

  /**
   * Runs an insert of messages that skips keys already recorded, and returns the message of
   * each key in order: the inserted one, else the one recorded before.
   */
  private async insertMessagesOnce_(
    manager: EntityManager,
    insert: queries.SqlQuery,
    keys: string[]
  ): Promise<{ messages: MessageRow[]; created: string[] }> {
    const inserted: MessageRow[] = await manager.execute(insert.sql, insert.params)
    const byKey = new Map(inserted.map((message) => [message.idempotency_key, message]))
    const missing = keys.filter((key) => !byKey.has(key))
    if (missing.length) {
      const select = queries.messagesByKeysQuery(missing)
      const existing: MessageRow[] = await manager.execute(select.sql, select.params)
      existing.forEach((message) => byKey.set(message.idempotency_key, message))
    }
    return { messages: keys.map((key) => byKey.get(key)!), created: inserted.map((message) => message.id) }
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
    const { sql, params } = queries.setRecoveryPhonesQuery(phones)
    await sharedContext.transactionManager!.execute(sql, params)
  }

  /** The steps each recovery has sent (sent or delivered) or held out so far, by channel, in one query. */
  @InjectManager()
  async listSentStepsByRecovery(
    recoveryIds: string[],
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<Map<string, { step_position: number; channel: string }[]>> {
    if (!recoveryIds.length) {
      return new Map()
    }
    const { sql, params } = queries.sentStepsQuery(recoveryIds)
    const rows: { recovery_id: string; step_position: number; channel: string }[] =
      await sharedContext.manager!.execute(sql, params)
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
    const { sql, params } = queries.sentAtForPhonesQuery(phones, since)
    const rows: { to: string; sent_at: Date }[] = await sharedContext.manager!.execute(sql, params)
    const sent = new Map<string, Date[]>()
    for (const row of rows) {
      sent.set(row.to, [...(sent.get(row.to) ?? []), new Date(row.sent_at)])
    }
    return sent
  }

  /**
   * Applies the outcomes of working on recoveries and gives up the worker's claims on them.
   * Only the claim holder (or, for an unclaimed run, nobody) may write, and only while the
   * recovery is open: a worker whose lease ran out and was retaken, or whose recovery an
   * opt-out or an order ended meanwhile, changes nothing. Returns the ids written.
   */
  @InjectTransactionManager()
  async releaseRecoveries(
    releases: queries.RecoveryRelease[],
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<Set<string>> {
    const released = new Set<string>()
    for (const { sql, params } of queries.releaseRecoveriesQueries(releases)) {
      const rows: { id: string }[] = await sharedContext.transactionManager!.execute(sql, params)
      rows.forEach((row) => released.add(row.id))
    }
    return released
  }

  /**
   * Applies a keyword texted by the number itself, in one transaction:
   * - the consent rows are locked first (`FOR UPDATE`), so other writes to the same consent
   *   apply one after the other (a send in flight is not waited for here: the caller holds the
   *   number's consent lock (`consentLockKey`), which the sender holds around each send);
   * - the ledger event (`opted_out`, `opted_in` or `confirmed`, channel `keyword`, with the raw
   *   text) is inserted once per Sinch message id; a message already recorded changes nothing;
   * - the status is updated, or the consent created (a STOP from an unknown number is kept as
   *   an opted-out suppression entry).
   *
   * A STOP from an erased number is recorded on its hashed suppression entry, without the text.
   */
  @InjectTransactionManager()
  async applyKeywordConsent(
    keyword: queries.KeywordConsent,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<queries.KeywordConsentOutcome> {
    const manager = sharedContext.transactionManager!
    const hashed = erasedPhone(this.options_.linkSecret, keyword.phone)
    const target: ConsentStatus = keyword.action === "opt_out" ? "opted_out" : "opted_in"
    await manager.execute(`SET LOCAL lock_timeout = '${KEYWORD_LOCK_TIMEOUT}'`)

    const locked = queries.lockConsentsQuery(keyword.phone, hashed)
    const rows: queries.ConsentRow[] = await manager.execute(locked.sql, locked.params)
    const own = rows.find((row) => row.phone === keyword.phone)
    const suppression =
      keyword.action === "opt_out" ? rows.find((row) => row.phone === hashed) : undefined
    let consent = own ?? suppression
    let created = false
    if (!consent) {
      const insert = queries.insertConsentQuery(
        generateEntityId(undefined, "smscons"),
        keyword.phone,
        target,
        keyword.country ?? null
      )
      const [inserted]: queries.ConsentRow[] = await manager.execute(insert.sql, insert.params)
      if (inserted) {
        consent = inserted
        created = true
      } else {
        // A concurrent request created it first: lock that one.
        const lock = queries.lockConsentQuery(keyword.phone)
        const [existing]: queries.ConsentRow[] = await manager.execute(lock.sql, lock.params)
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
    const event = queries.insertKeywordEventQuery(generateEntityId(undefined, "smscev"), consent, {
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
      const update = queries.setConsentStatusQuery(consent.id, target, keyword.country ?? null)
      await manager.execute(update.sql, update.params)
    }
    return { consent, previous, status: target, created, duplicate: false, event_id: eventId }
  }

  /** Takes back an opt-in `applyKeywordConsent` recorded: its event, and the status it set. */
  @InjectTransactionManager()
  async revertKeywordConsent(
    undo: queries.KeywordConsentUndo,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<void> {
    const manager = sharedContext.transactionManager!
    const run = ({ sql, params }: queries.SqlQuery) => manager.execute(sql, params)
    await run(queries.deleteConsentEventQuery(undo.event_id))
    await run(
      undo.created
        ? queries.deleteConsentQuery(undo.consent_id)
        : queries.revertOptInQuery(undo.consent_id, undo.previous_status)
    )
  }

  /**
   * Adds a `help` event to the ledger of a number that has a consent, once per inbound message.
   * Returns the event's id, or null when the number has no consent or the message was recorded.
   */
  @InjectTransactionManager()
  async recordHelpRequest(
    request: queries.HelpRequest,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<string | null> {
    const { sql, params } = queries.insertHelpEventQuery(
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
    const { sql, params } = queries.deleteConsentEventQuery(eventId)
    await sharedContext.transactionManager!.execute(sql, params)
  }

  /**
   * Applies a Sinch delivery report to the messages of its batch. Each update is one
   * conditional statement committed on its own (no enclosing transaction): a message's status
   * only moves forward, so duplicates, out-of-order and concurrent reports change nothing they
   * should not. Returns the number of messages updated.
   */
  @InjectManager()
  async applyDeliveryReport(
    report: queries.DeliveryReport,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<number> {
    const manager = sharedContext.manager!
    let updated = 0
    for (const update of report.updates) {
      const { sql, params } = queries.deliveryUpdateQuery(report, update)
      const rows: { id: string }[] = await manager.execute(sql, params)
      updated += rows.length
    }
    return updated
  }

  /**
   * Records a Sinch callback before it is answered, once per kind and Sinch id (one
   * statement), and returns it while it still has to be applied; Sinch's retry of a callback
   * already applied returns null. An opt-out is keyed by its sender's `phoneKey`, so
   * `consentStatusesForSend` sees it from this moment on.
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
   * The consent reminders to these numbers must obey, read under the numbers' consent locks
   * right before the send: `opted_out` as soon as an opt-out texted by the number is recorded,
   * even before it is applied, so no reminder leaves after a STOP reached the webhook.
   */
  @InjectManager()
  async consentStatusesForSend(
    phones: string[],
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<Map<string, ConsentStatus | "none">> {
    if (!phones.length) {
      return new Map()
    }
    const { sql, params } = inboundCallbacks.consentStatusesForSendQuery(
      phones.map((phone) => ({ phone, key: phoneKey(this.options_.linkSecret, phone) }))
    )
    const rows: { phone: string; status: ConsentStatus | "none" }[] = await sharedContext.manager!.execute(sql, params)
    return new Map(rows.map((row) => [row.phone, row.status]))
  }

  /**
   * Erases a number from the module's data in one transaction (GDPR Art. 17): the consent is
   * kept as an `opted_out` suppression entry under the number's keyed hash, the ledger, the
   * recoveries and the messages have the number replaced (and what identifies the shopper
   * cleared), open recoveries are ended and an `erased` event is added. The recorded Sinch
   * callbacks that hold the number (its texts, reports naming it) are deleted, applied or not:
   * the suppression entry does what an unapplied STOP would. Its replies are deleted.
   */
  @InjectTransactionManager()
  async erasePhone(
    phone: string,
    erasedAt: Date,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<queries.PhoneErasure> {
    const manager = sharedContext.transactionManager!
    const hash = erasedPhone(this.options_.linkSecret, phone)
    const count = async ({ sql, params }: queries.SqlQuery) =>
      ((await manager.execute(sql, params)) as unknown[]).length

    const locked = queries.lockConsentsQuery(phone, hash)
    const existing: queries.ConsentRow[] = await manager.execute(locked.sql, locked.params)
    const own = existing.find((row) => row.phone === phone)
    const suppression = existing.find((row) => row.phone === hash)

    // The row that suppresses the number from now on: its earlier suppression entry (erased
    // before and came back), else its own consent turned into one, else a new one.
    const run = ({ sql, params }: queries.SqlQuery) => manager.execute(sql, params)
    let consentId: string
    const kept = suppression ?? own
    if (kept) {
      await run(queries.suppressConsentQuery(kept.id, hash))
      consentId = kept.id
    } else {
      const [row] = (await run(
        queries.insertSuppressionQuery(generateEntityId(undefined, "smscons"), hash)
      )) as { id: string }[]
      consentId = row.id
    }

    const events = await count(queries.eraseConsentEventsQuery(phone, hash, consentId))
    if (own && suppression) {
      await run(queries.deleteConsentQuery(own.id))
    }
    await run(queries.eraseDeletedConsentsQuery(phone, hash))
    await run(queries.insertErasedEventQuery(generateEntityId(undefined, "smscev"), consentId, hash, erasedAt))
    const recoveries = await count(queries.eraseRecoveriesQuery(phone, hash, erasedAt))
    const messages = await count(queries.eraseMessagesQuery(phone, hash))
    const callbacks = await count(
      inboundCallbacks.eraseInboundCallbacksQuery(phone, phoneKey(this.options_.linkSecret, phone))
    )
    const replies = (await run(queries.eraseRepliesQuery(phone))) as { id: string }[]
    return {
      phone_hash: hash,
      consent_id: consentId,
      previous_status: own?.status ?? null,
      consents: own ? 1 : 0,
      events,
      recoveries,
      messages,
      callbacks,
      reply_ids: replies.map(({ id }) => id),
    }
  }

  /**
   * The number's recorded callbacks that its erase applies first, oldest first: its unapplied
   * opt-outs and the unapplied delivery reports of texts to it.
   */
  @InjectManager()
  async listUnappliedCallbacksOfPhone(
    phone: string,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<inboundCallbacks.InboundCallbackToApply[]> {
    const { sql, params } = inboundCallbacks.unappliedCallbacksOfPhoneQuery(
      phone,
      phoneKey(this.options_.linkSecret, phone)
    )
    return sharedContext.manager!.execute(sql, params)
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
    const insert = queries.insertNonceQuery(generateEntityId(undefined, "smsnonce"), nonce, at)
    const rows: { id: string }[] = await manager.execute(insert.sql, insert.params)
    if (at.getTime() - this.noncesPrunedAt_ >= NONCE_PRUNE_INTERVAL_MS) {
      this.noncesPrunedAt_ = at.getTime()
      const prune = queries.pruneNoncesQuery(new Date(at.getTime() - NONCE_RETENTION_MS))
      await manager.execute(prune.sql, prune.params)
    }
    return rows.length > 0
  }

  /** Forgets a nonce, so Sinch's retry of a callback that failed on our side is not a replay. */
  @InjectManager()
  async forgetWebhookNonce(
    nonce: string,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<void> {
    const { sql, params } = queries.deleteNonceQuery(nonce)
    await sharedContext.manager!.execute(sql, params)
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
    const { sql, params } = queries.insertNonceQuery(
      generateEntityId(undefined, "smsnonce"),
      `${CART_TOKEN_NONCE_PREFIX}${tokenId}`,
      expiresAt
    )
    const rows: { id: string }[] = await sharedContext.manager!.execute(sql, params)
    return rows.length > 0
  }

  /** Makes a token `redeemCartToken` marked usable again, when its exchange did not finish. */
  @InjectManager()
  async forgetCartToken(
    tokenId: string,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<void> {
    const { sql, params } = queries.deleteNonceQuery(`${CART_TOKEN_NONCE_PREFIX}${tokenId}`)
    await sharedContext.manager!.execute(sql, params)
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
    const count = queries.countRateLimitHitQuery(generateEntityId(undefined, "smsrate"), hashed, windowStart)
    const [row]: { hits: number }[] = await manager.execute(count.sql, count.params)
    if (Date.now() - this.countersPrunedAt_ >= COUNTER_PRUNE_INTERVAL_MS) {
      this.countersPrunedAt_ = Date.now()
      const prune = queries.pruneRateLimitCountersQuery(pruneBefore)
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
    await manager.execute(queries.CONFIRMATION_CEILING_LOCK_SQL)
    const usage = queries.confirmationUsageQuery(
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
      const reserve = queries.setConfirmationSentAtQuery(input.consent_id, input.at)
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
    const restore = queries.setConfirmationSentAtQuery(consentId, previousSentAt)
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
  ): Promise<queries.RecordedLinkClick | null> {
    const { sql, params } = queries.recordLinkClickQuery(messageId, clickedAt)
    const [row] = await sharedContext.transactionManager!.execute(sql, params)
    return row ? ({ ...row, clicked_at: clickedAt } as queries.RecordedLinkClick) : null
  }

  /** Takes back a click `recordLinkClick` counted. */
  @InjectTransactionManager()
  async revertLinkClick(
    click: queries.RecordedLinkClick,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<void> {
    const { sql, params } = queries.revertLinkClickQuery(click)
    await sharedContext.transactionManager!.execute(sql, params)
  }

  /** Texts that may be credited with an order (see `chooseAttribution`). */
  @InjectManager()
  async listAttributionCandidates(
    lookup: queries.AttributionCandidateLookup,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<queries.AttributionCandidate[]> {
    const { sql, params } = queries.attributionCandidatesQuery(lookup)
    const rows: queries.AttributionCandidateRow[] = await sharedContext.manager!.execute(sql, params)
    return rows.map(queries.toAttributionCandidate)
  }

  /**
   * Writes the order's attribution unless it already has one; returns it only when this call
   * wrote it, so a redelivered `order.placed` changes nothing.
   */
  @InjectTransactionManager()
  async createAttributionOnce(
    attribution: queries.NewAttribution,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<queries.CreatedAttribution | null> {
    const id = generateEntityId(undefined, "smsattr")
    const { sql, params } = queries.insertAttributionQuery(id, attribution)
    const [row] = await sharedContext.transactionManager!.execute(sql, params)
    return row ? { id, ...attribution } : null
  }

  /**
   * Ends the recoveries an order ends (the credited one `recovered`, the cart's other open
   * ones `completed`) and returns their states before, for compensation.
   */
  @InjectTransactionManager()
  async settleOrderRecoveries(
    input: queries.SettleOrderRecoveries,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<queries.RecoveryStateBefore[]> {
    if (!input.cart_id && !input.recovered_recovery_id) {
      return []
    }
    const { sql, params } = queries.settleOrderRecoveriesQuery(input)
    return await sharedContext.transactionManager!.execute(sql, params)
  }

  /** Puts recoveries back as `settleOrderRecoveries` found them. */
  @InjectTransactionManager()
  async revertOrderSettlement(
    states: queries.RecoveryStateBefore[],
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<void> {
    if (!states.length) {
      return
    }
    const { sql, params } = queries.restoreRecoveriesQuery(states)
    await sharedContext.transactionManager!.execute(sql, params)
  }

  /**
   * The admin's numbers for a time range, aggregated in three grouped queries that read one
   * snapshot: a delivery report or an order arriving meanwhile is counted in all or none.
   */
  @InjectManager()
  async getRecoveryStats(
    filters: queries.RecoveryStatsFilters,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<queries.RecoveryStats> {
    return await this.readRecoveryStats_(filters, {
      ...sharedContext,
      isolationLevel: IsolationLevel.REPEATABLE_READ,
    })
  }

  /** Folds the stats rollups' appended rows together (the stats rollup job, every minute). */
  @InjectTransactionManager()
  async mergeStatsRollups(@MedusaContext() sharedContext: Context<EntityManager> = {}): Promise<void> {
    await sharedContext.transactionManager!.execute(queries.MERGE_STATS_ROLLUPS_SQL)
  }

  @InjectTransactionManager()
  protected async readRecoveryStats_(
    filters: queries.RecoveryStatsFilters,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<queries.RecoveryStats> {
    const transaction = sharedContext.transactionManager!
    for (const setting of queries.STATS_SESSION_SQL) {
      await transaction.execute(setting)
    }
    const run = ({ sql, params }: queries.SqlQuery) => transaction.execute(sql, params)
    const messages = await run(queries.messageCountersQuery(filters))
    const attributions = await run(queries.attributionTotalsQuery(filters))
    const audience = await run(queries.audienceQuery(filters))
    return queries.assembleRecoveryStats(filters, {
      messages: messages as queries.MessageCounterRow[],
      attributions: attributions as queries.AttributionTotalRow[],
      audience: queries.sumAudience(audience as queries.AudiencePartRow[], filters),
    })
  }

  /**
   * Treated against held-out recoveries per campaign and step, with what the net figures
   * need: the credited orders that may carry the plugin's incentive codes, and the texts'
   * segments per country where a campaign prices them. One repeatable-read snapshot.
   */
  @InjectManager()
  async getExperimentRows(
    filters: experimentQueries.ExperimentStatsFilters,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<experimentQueries.ExperimentRows> {
    return await this.readExperimentRows_(filters, {
      ...sharedContext,
      isolationLevel: IsolationLevel.REPEATABLE_READ,
    })
  }

  @InjectTransactionManager()
  protected async readExperimentRows_(
    filters: experimentQueries.ExperimentStatsFilters,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<experimentQueries.ExperimentRows> {
    const transaction = sharedContext.transactionManager!
    for (const setting of queries.STATS_SESSION_SQL) {
      await transaction.execute(setting)
    }
    const run = ({ sql, params }: queries.SqlQuery) => transaction.execute(sql, params)
    const campaigns = (await run(experimentQueries.experimentCampaignsQuery())) as experimentQueries.ExperimentCampaign[]
    const [experiment] = await run(experimentQueries.experimentQuery(filters))
    const priced = campaigns.some(
      (campaign) =>
        (!filters.campaign_id || campaign.id === filters.campaign_id) &&
        Object.keys(campaign.segment_prices ?? {}).length > 0
    )
    const segments = priced ? await run(experimentQueries.textSegmentsQuery(filters)) : []
    return {
      campaigns,
      arms: experiment.arms,
      discounted_orders: experiment.discounted_orders,
      text_segments: segments as experimentQueries.TextSegmentsRow[],
    }
  }

  /** Texts for the admin, newest first, with the attribution they earned. */
  @InjectManager()
  async listAndCountMessageSummaries(
    filters: queries.MessageListFilters,
    pagination: queries.MessageListPagination,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<[queries.MessageSummary[], number]> {
    const manager = sharedContext.manager!
    const list = queries.listMessagesQuery(filters, pagination)
    const rows: queries.MessageSummaryRow[] = await manager.execute(list.sql, list.params)
    const total = queries.countMessagesQuery(filters)
    const [{ count }] = await manager.execute(total.sql, total.params)
    return [rows.map(queries.toMessageSummary), Number(count)]
  }
}

export default SmsRecoveryModuleService
