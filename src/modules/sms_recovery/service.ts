import type { Context, Logger } from "@medusajs/framework/types"
import {
  generateEntityId,
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaService,
} from "@medusajs/framework/utils"
import type { EntityManager } from "@medusajs/framework/mikro-orm/knex"
import { SMS_RECOVERY_MODULE } from "./constants"
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

const CAMPAIGN_CACHE_MS = 5_000

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

  /** Texts sent to a phone since `since` (for the rolling frequency cap). */
  @InjectManager()
  async listSentAtForPhone(
    phone: string,
    since: Date,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<Date[]> {
    const manager = sharedContext.manager!
    const rows: { sent_at: Date }[] = await manager.execute(
      `SELECT sent_at FROM sms_message
        WHERE "to" = ? AND channel = 'sms' AND sent_at >= ? AND deleted_at IS NULL
          AND status IN ('sent', 'delivered')
        ORDER BY sent_at`,
      [phone, since]
    )
    return rows.map((row) => new Date(row.sent_at))
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
   * Records a step's message unless this idempotency key already has one; a retried step
   * gets the message (link code, discount code, text) it recorded the first time.
   */
  @InjectTransactionManager()
  async recordMessageOnce(
    message: NewMessage,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<{ message: MessageRow; created: boolean }> {
    const manager = sharedContext.transactionManager!
    const id = generateEntityId(undefined, "smsmsg")
    const columns = Object.keys(message) as (keyof NewMessage)[]
    const inserted: MessageRow[] = await manager.execute(
      `INSERT INTO sms_message (id, ${columns.map((c) => `"${c}"`).join(", ")}, created_at, updated_at)
       VALUES (?, ${columns.map(() => "?").join(", ")}, now(), now())
       ON CONFLICT (idempotency_key) WHERE deleted_at IS NULL DO NOTHING
       RETURNING *`,
      [id, ...columns.map((c) => message[c] ?? null)]
    )
    if (inserted.length) {
      return { message: inserted[0], created: true }
    }
    const [existing]: MessageRow[] = await manager.execute(
      `SELECT * FROM sms_message WHERE idempotency_key = ? AND deleted_at IS NULL`,
      [message.idempotency_key]
    )
    return { message: existing, created: false }
  }

  /**
   * Marks a message sent. A delivery report can land before this write (Sinch is fast), so a
   * status past `queued` and a batch id already known are kept.
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
              batch_id = COALESCE(batch_id, ?), sent_at = COALESCE(sent_at, ?), updated_at = now()
        WHERE id = ? AND deleted_at IS NULL
        RETURNING *`,
      [batchId, at, id]
    )
    return row
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
