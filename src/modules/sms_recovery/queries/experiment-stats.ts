import {
  compareArms,
  MIN_RECOVERIES_PER_ARM,
  type ArmOutcome,
  type IncrementalResult,
} from "../../../lib/experiment-stats"
import { fromMinorUnits, toMinorUnits } from "../../../lib/money"
import { netFigures, textCost, type CountrySegments, type CurrencyAmount, type NetFigures } from "../../../lib/net-revenue"
import { normalizePhone } from "../../../lib/phone"
import { MIN_EXPECTED_OUTCOMES } from "../../../lib/significance"
import type { SqlQuery } from "./sql"

/** A half-open time range `[from, to)` and an optional campaign, as the stats take them. */
export type ExperimentStatsFilters = {
  from: Date
  to: Date
  campaign_id?: string
}

/**
 * Statuses of a step that reached its send time: texted (whether or not it arrived), or held
 * out. A text still queued has not been decided yet and counts in neither arm.
 */
const TREATED_STATUSES = "'sent', 'delivered', 'failed', 'undeliverable'"

/** Restricts texts to one campaign's: each text carries its recovery's campaign. */
function campaignClause(filters: ExperimentStatsFilters, params: unknown[]): string {
  if (!filters.campaign_id) {
    return ""
  }
  params.push(filters.campaign_id)
  return "AND m.campaign_id = ?"
}

/**
 * The experiment's raw material in one statement, so both parts see one snapshot.
 *
 * Each recovery with a step that reached its send time in the range is read once, with the set
 * of its steps that did as a bit mask (bit n for step n): eligible recoveries are grouped by
 * campaign, arm and mask, a few dozen rows, which the caller sums into every step and the
 * campaign as a whole. Texts are placed in time the way the other stats place them (when they
 * went out, or were recorded if they never did), through the same two indexes, and carry
 * their recovery's campaign. The arm and whether a recovery was deleted come from the few
 * held-out and deleted recoveries, read whole through partial indexes into hash tables: a
 * month holds hundreds of thousands of recoveries, too many to look up one by one.
 *
 * A recovery's outcome is every order credited to it, whenever it was placed: the cohort is
 * fixed by the range, its orders are followed to today. Revenue is summed per currency with
 * its square, so means and variances come from the aggregates alone.
 *
 * `discounted_orders` lists the texted arm's credited orders whose recovery was sent an
 * incentive code, with those codes' promotions, for the caller to price through Medusa.
 */
export function experimentQuery(filters: ExperimentStatsFilters): SqlQuery {
  const params: unknown[] = [filters.from, filters.to]
  const sentCampaign = campaignClause(filters, params)
  params.push(filters.from, filters.to)
  const unsentCampaign = campaignClause(filters, params)
  const sql = `
    WITH eligible AS (
      SELECT m.recovery_id, m.campaign_id, m.step_position
        FROM sms_message m
       WHERE m.deleted_at IS NULL AND m.sent_at >= ? AND m.sent_at < ?
         AND m.status IN (${TREATED_STATUSES}) AND m.campaign_id IS NOT NULL ${sentCampaign}
      UNION ALL
      SELECT m.recovery_id, m.campaign_id, m.step_position
        FROM sms_message m
       WHERE m.deleted_at IS NULL AND m.sent_at IS NULL AND m.created_at >= ? AND m.created_at < ?
         AND m.status IN (${TREATED_STATUSES}, 'held_out') AND m.campaign_id IS NOT NULL ${unsentCampaign}
    ),
    recoveries AS (
      SELECT e.recovery_id, e.campaign_id, e.steps,
             e.recovery_id IN (SELECT id FROM sms_recovery WHERE holdout AND deleted_at IS NULL) AS holdout,
             e.recovery_id IN (SELECT recovery_id FROM sms_attribution WHERE deleted_at IS NULL) AS won
        FROM (SELECT recovery_id, campaign_id, bit_or(1 << step_position) AS steps
                FROM eligible GROUP BY recovery_id, campaign_id) e
       WHERE e.recovery_id NOT IN (SELECT id FROM sms_recovery WHERE deleted_at IS NOT NULL)
    ),
    arms AS (
      SELECT campaign_id, holdout, steps, 1 AS all_currencies, NULL AS currency_code,
             count(*) AS recoveries, count(*) FILTER (WHERE won) AS conversions,
             '0' AS revenue, '0' AS revenue_squares
        FROM recoveries
       GROUP BY campaign_id, holdout, steps
      UNION ALL
      SELECT x.campaign_id, x.holdout, x.steps, 0, v.currency_code, count(*), count(*),
             sum(v.amount)::text, sum(v.amount * v.amount)::text
        FROM recoveries x
        CROSS JOIN LATERAL (
          SELECT a.currency_code, sum((a.raw_amount->>'value')::numeric) AS amount
            FROM sms_attribution a
           WHERE a.recovery_id = x.recovery_id AND a.deleted_at IS NULL
           GROUP BY a.currency_code) v
       WHERE x.won
       GROUP BY x.campaign_id, x.holdout, x.steps, v.currency_code
    ),
    discounted AS (
      SELECT a.order_id, x.campaign_id, array_agg(DISTINCT i.promotion_id) AS promotion_ids
        FROM recoveries x
        JOIN sms_attribution a ON a.recovery_id = x.recovery_id AND a.deleted_at IS NULL
        JOIN sms_message i ON i.recovery_id = x.recovery_id AND i.promotion_id IS NOT NULL AND i.deleted_at IS NULL
       WHERE NOT x.holdout
       GROUP BY a.order_id, x.campaign_id
    )
    SELECT (SELECT COALESCE(json_agg(arms), '[]') FROM arms) AS arms,
           (SELECT COALESCE(json_agg(discounted), '[]') FROM discounted) AS discounted_orders`
  return { sql, params }
}

/**
 * Segments billed for the texts that went out in the range, per campaign and country of the
 * number. The country is the one the number's consent recorded (read from the number when the
 * shopper gave it); numbers without one come back one by one for the caller to read.
 */
export function textSegmentsQuery(filters: ExperimentStatsFilters): SqlQuery {
  const params: unknown[] = [filters.from, filters.to]
  const campaign = campaignClause(filters, params)
  const sql = `
    SELECT m.campaign_id, c.country, CASE WHEN c.country IS NULL THEN m."to" END AS phone,
           sum(m.segments)::bigint AS segments
      FROM sms_message m
      LEFT JOIN sms_consent c ON c.phone = m."to" AND c.deleted_at IS NULL
     WHERE m.deleted_at IS NULL AND m.sent_at >= ? AND m.sent_at < ?
       AND m.channel = 'sms' AND m.segments IS NOT NULL AND m.campaign_id IS NOT NULL
       ${campaign}
     GROUP BY m.campaign_id, c.country, CASE WHEN c.country IS NULL THEN m."to" END`
  return { sql, params }
}

/** Every campaign, for the side-by-side table, with what the costs need. */
export function experimentCampaignsQuery(): SqlQuery {
  return {
    sql: `SELECT id, name, holdout_percent, segment_prices FROM sms_campaign WHERE deleted_at IS NULL
           ORDER BY priority DESC, created_at ASC`,
    params: [],
  }
}

type Count = number | string

/** Eligible recoveries of one campaign, arm and set of steps: all of them, or per currency. */
export type ExperimentArmRow = {
  campaign_id: string
  holdout: boolean
  /** Bit n set: the recovery's step n reached its send time in the range. */
  steps: number
  /**
   * 1: the row counts every recovery and those with an order (`currency_code` null, no
   * revenue); 0: it sums the revenue in `currency_code` of the recoveries that earned some in it.
   */
  all_currencies: number
  currency_code: string | null
  recoveries: Count
  conversions: Count
  revenue: string
  revenue_squares: string
}

/** A credited order of the texted arm whose recovery was sent these incentive promotions. */
export type DiscountedOrderRow = {
  order_id: string
  campaign_id: string
  promotion_ids: string[]
}

export type TextSegmentsRow = {
  campaign_id: string
  country: string | null
  phone: string | null
  segments: Count
}

/** A campaign as the experiment stats show it. */
export type ExperimentCampaign = {
  id: string
  name: string
  holdout_percent: number
  segment_prices: Record<string, string>
}

/** What the module reads for the experiment stats; the order discounts are priced outside it. */
export type ExperimentRows = {
  campaigns: ExperimentCampaign[]
  arms: ExperimentArmRow[]
  discounted_orders: DiscountedOrderRow[]
  /** Empty when no campaign in scope has a segment price: the texts then cost nothing. */
  text_segments: TextSegmentsRow[]
}

export type ArmStats = {
  eligible_recoveries: number
  /** Eligible recoveries with a credited order. */
  conversions: number
  conversion_rate: number
  revenue: {
    currency_code: string
    /** Credited revenue of these recoveries, exact, in major units. */
    total: string
    /** `total` over eligible recoveries, in major units. */
    per_eligible_recovery: number
  }[]
}

export type ExperimentComparison = {
  treated: ArmStats
  holdout: ArmStats
  incremental: IncrementalResult
}

export type StepExperiment = ExperimentComparison & { step_position: number }

export type CampaignExperiment = ExperimentComparison & {
  campaign_id: string
  /** Null for a campaign deleted since. */
  name: string | null
  holdout_percent: number | null
  /** Both arms. */
  eligible_recoveries: number
  /** The texted arm's credited revenue less the incentives' and the texts' cost, per currency. */
  net: NetFigures[]
  by_step: StepExperiment[]
}

export type ExperimentStats = {
  range: { from: string; to: string }
  /** Below these, a comparison says `insufficient_sample` instead of giving numbers. */
  minimum_sample: { recoveries_per_arm: number; expected_conversions_per_arm: number }
  /** The currency segment prices are set in, and the texts' cost is taken off. */
  text_cost_currency: string
  campaigns: CampaignExperiment[]
}

/** The priced input of {@link assembleExperimentStats}. */
export type ExperimentCosts = {
  /** The store's default currency, lower case. */
  currency_code: string
  /** Incentive cost per campaign, per currency. */
  incentives: Map<string, CurrencyAmount[]>
}

const MAX_STEP_BITS = 30

/** Shapes the experiment rows into the response. Pure: no database, no clock. */
export function assembleExperimentStats(
  filters: ExperimentStatsFilters,
  rows: ExperimentRows,
  costs: ExperimentCosts
): ExperimentStats {
  const campaigns = new Map(rows.campaigns.map((campaign) => [campaign.id, campaign]))
  const campaignIds = [...new Set([...campaigns.keys(), ...rows.arms.map((row) => row.campaign_id)])].filter(
    (id) => !filters.campaign_id || id === filters.campaign_id
  )
  const segments = segmentsByCampaign(rows.text_segments)
  return {
    range: { from: filters.from.toISOString(), to: filters.to.toISOString() },
    minimum_sample: { recoveries_per_arm: MIN_RECOVERIES_PER_ARM, expected_conversions_per_arm: MIN_EXPECTED_OUTCOMES },
    text_cost_currency: costs.currency_code,
    campaigns: campaignIds.map((id) => {
      const campaign = campaigns.get(id)
      const arms = rows.arms.filter((row) => row.campaign_id === id)
      const whole = compare(arms, () => true)
      const positions = stepPositions(arms)
      const texts: CurrencyAmount = {
        currency_code: costs.currency_code,
        amount: textCost(segments.get(id) ?? [], campaign?.segment_prices ?? {}, costs.currency_code),
      }
      const attributed = whole.treated.revenue.map(({ currency_code, total }) => ({ currency_code, amount: total }))
      return {
        campaign_id: id,
        name: campaign?.name ?? null,
        holdout_percent: campaign?.holdout_percent ?? null,
        eligible_recoveries: whole.treated.eligible_recoveries + whole.holdout.eligible_recoveries,
        ...whole,
        net: netFigures(attributed, costs.incentives.get(id) ?? [], texts),
        by_step: positions.map((position) => ({
          step_position: position,
          ...compare(arms, (steps) => (steps & (1 << position)) !== 0),
        })),
      }
    }),
  }
}

function compare(rows: ExperimentArmRow[], includes: (steps: number) => boolean): ExperimentComparison {
  const chosen = rows.filter((row) => includes(Number(row.steps)))
  const treated = armOutcome(chosen.filter((row) => !row.holdout))
  const holdout = armOutcome(chosen.filter((row) => row.holdout))
  return {
    treated: armStats(treated),
    holdout: armStats(holdout),
    incremental: roundResult(compareArms(treated.outcome, holdout.outcome)),
  }
}

type SummedArm = { outcome: ArmOutcome; totals: Map<string, string> }

/** Adds up an arm's rows over the step sets chosen: counts and sums are additive. */
function armOutcome(rows: ExperimentArmRow[]): SummedArm {
  let recoveries = 0
  let conversions = 0
  const revenue = new Map<string, { sum: bigint; sum_of_squares: number }>()
  for (const row of rows) {
    if (row.all_currencies === 1) {
      recoveries += Number(row.recoveries)
      conversions += Number(row.conversions)
      continue
    }
    if (row.currency_code === null) {
      continue
    }
    const currency = row.currency_code
    const current = revenue.get(currency) ?? { sum: 0n, sum_of_squares: 0 }
    current.sum += toMinorUnits(row.revenue, currency)
    current.sum_of_squares += Number(row.revenue_squares)
    revenue.set(currency, current)
  }
  const currencies = [...revenue.keys()].sort()
  return {
    outcome: {
      recoveries,
      conversions,
      revenue: currencies.map((currency) => ({
        currency_code: currency,
        sum: Number(fromMinorUnits(revenue.get(currency)!.sum, currency)),
        sum_of_squares: revenue.get(currency)!.sum_of_squares,
      })),
    },
    totals: new Map(currencies.map((currency) => [currency, fromMinorUnits(revenue.get(currency)!.sum, currency)])),
  }
}

function armStats({ outcome, totals }: SummedArm): ArmStats {
  return {
    eligible_recoveries: outcome.recoveries,
    conversions: outcome.conversions,
    conversion_rate: round(outcome.recoveries ? outcome.conversions / outcome.recoveries : 0),
    revenue: outcome.revenue.map((row) => ({
      currency_code: row.currency_code,
      total: totals.get(row.currency_code)!,
      per_eligible_recovery: round(outcome.recoveries ? row.sum / outcome.recoveries : 0),
    })),
  }
}

/** Step positions present in the rows' masks, in order. */
function stepPositions(rows: ExperimentArmRow[]): number[] {
  const all = rows.reduce((mask, row) => mask | Number(row.steps), 0)
  return Array.from({ length: MAX_STEP_BITS }, (_, position) => position).filter(
    (position) => (all & (1 << position)) !== 0
  )
}

/** Segments per campaign and country; numbers whose consent had no country are read here. */
function segmentsByCampaign(rows: TextSegmentsRow[]): Map<string, CountrySegments[]> {
  const byCampaign = new Map<string, Map<string | null, number>>()
  for (const row of rows) {
    const country = row.country ?? (row.phone ? normalizePhone(row.phone)?.country ?? null : null)
    const countries = byCampaign.get(row.campaign_id) ?? new Map<string | null, number>()
    countries.set(country, (countries.get(country) ?? 0) + Number(row.segments))
    byCampaign.set(row.campaign_id, countries)
  }
  return new Map(
    [...byCampaign].map(([id, countries]) => [id, [...countries].map(([country, segments]) => ({ country, segments }))])
  )
}

/** Six decimals: more than a dashboard shows, and stable for a test to compare. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6
}

function roundResult(result: IncrementalResult): IncrementalResult {
  if (result.insufficient_sample) {
    return result
  }
  const pair = ([low, high]: [number, number]): [number, number] => [round(low), round(high)]
  return {
    ...result,
    conversion: {
      difference: round(result.conversion.difference),
      ci95: pair(result.conversion.ci95),
      p_value: round(result.conversion.p_value),
    },
    revenue: result.revenue.map((row) => ({
      currency_code: row.currency_code,
      treated_per_recovery: round(row.treated_per_recovery),
      holdout_per_recovery: round(row.holdout_per_recovery),
      incremental_per_recovery: round(row.incremental_per_recovery),
      ci95: row.ci95 && pair(row.ci95),
      p_value: row.p_value === null ? null : round(row.p_value),
    })),
  }
}
