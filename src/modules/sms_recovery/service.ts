import type { Context, Logger } from "@medusajs/framework/types"
import {
  generateEntityId,
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaService,
} from "@medusajs/framework/utils"
import type { EntityManager } from "@medusajs/framework/mikro-orm/knex"
import { Attribution } from "./models/attribution"
import { Campaign } from "./models/campaign"
import { CampaignStep } from "./models/campaign-step"
import { Consent } from "./models/consent"
import { ConsentEvent } from "./models/consent-event"
import { Message } from "./models/message"
import { Recovery } from "./models/recovery"
import { StepVariant } from "./models/step-variant"
import { WebhookNonce } from "./models/webhook-nonce"
import { DEFAULT_CAMPAIGN } from "./default-campaign"
import { parseSmsRecoveryOptions, type SmsRecoveryOptions } from "./options"
import type { ClaimedRecovery, CartActivity, ClaimRequest } from "./types"

/** Columns the sweep needs of a claimed recovery. */
const CLAIMED_COLUMNS = `r.id, r.cart_id, r.campaign_id, r.phone, r.customer_id, r.status,
  r.last_activity_at, r.next_step, r.next_send_at, r.send_attempts`

class SmsRecoveryModuleService extends MedusaService({
  Attribution,
  Campaign,
  CampaignStep,
  Consent,
  ConsentEvent,
  Message,
  Recovery,
  StepVariant,
  WebhookNonce,
}) {
  protected readonly options_: SmsRecoveryOptions
  protected readonly logger_: Logger

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
      `UPDATE sms_recovery r
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
        RETURNING ${CLAIMED_COLUMNS}`,
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

  // --- links, attribution and stats: methods below this line ---
}

export default SmsRecoveryModuleService
