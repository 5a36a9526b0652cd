import { fromMinorUnits, toMinorUnits } from "../../../lib/money"
import { compareProportions, type ProportionComparison } from "../../../lib/significance"
import type { SqlQuery } from "./sql"
import { byVariantName } from "../../../lib/campaign-order"
import { MedusaError } from "@medusajs/framework/utils"
import { MAX_ROLLUP_RANGE_DAYS, splitStatsRange, type StatsRangeSplit } from "../../../lib/stats-range"

/** A half-open time range `[from, to)` and an optional campaign. */
export type RecoveryStatsFilters = {
  from: Date
  to: Date
  campaign_id?: string
}

/** Recovered revenue in one currency, as exact decimal strings in major units. */
export type RevenueByModel = {
  currency_code: string
  click: string
  view: string
  total: string
}

export type AmountByCurrency = {
  currency_code: string
  amount: string
}

export type MessageCounters = {
  /** Texts accepted by Sinch (`sent_at` set). */
  sent: number
  delivered: number
  /** Failed or undeliverable. */
  failed: number
  clicks: number
  /** Texts clicked at least once. */
  unique_clicks: number
  /** `unique_clicks / sent`. */
  ctr: number
  /** SMS segments billed for the sent texts. */
  segments: number
  /** Carts whose order was credited to these texts. */
  recovered_carts: number
  recovered_revenue: RevenueByModel[]
  /** Recovered revenue divided by texts sent, per currency, rounded to the minor unit. */
  revenue_per_message: AmountByCurrency[]
}

export type StepStats = MessageCounters & { step_position: number }

export type VariantStats = MessageCounters & {
  variant_id: string
  name: string | null
  step_position: number | null
  /**
   * Conversion per text (recovered carts over texts sent) against the step's first variant by
   * name; null for that first variant itself.
   */
  comparison: (ProportionComparison & { baseline_variant_id: string }) | null
}

export type DailyStats = {
  /** UTC calendar day, `YYYY-MM-DD`. */
  date: string
  sent: number
  clicks: number
  recovered: number
  revenue: AmountByCurrency[]
}

export type RecoveryStats = MessageCounters & {
  range: { from: string; to: string }
  /** Recovered recoveries over recoveries texted in the range. */
  conversion_rate: number
  /** Texted phones that opted out in the range over phones texted in the range. */
  opt_out_rate: number
  by_step: StepStats[]
  by_variant: VariantStats[]
  daily: DailyStats[]
}

/*
 * Attributions: totals without and with currency. Bits: currency 8, step 4, variant 2, day 1.
 */
const ATTRIBUTION_GROUPS = {
  total: 15,
  step: 11,
  variant: 9,
  day: 14,
  currency: 7,
  currencyStep: 3,
  currencyVariant: 1,
  currencyDay: 6,
} as const

export type { SqlQuery } from "./sql"

/**
 * Session settings for the stats transaction. The queries aggregate hundreds of thousands of
 * index entries in a few hash tables: with the default 4 MB they spill to disk, and JIT
 * compilation costs more than it saves on plans this short.
 */
export const STATS_SESSION_SQL = ["SET LOCAL jit = off", "SET LOCAL work_mem = '64MB'"] as const

/**
 * Folds the rows each write appended to the daily rollups into one row per key (a database
 * function the stats migration defines). The stats are exact before and after; merging keeps
 * the rows a range reads few.
 */
export const MERGE_STATS_ROLLUPS_SQL = "SELECT sms_stats_merge()"

/** Restricts rows that carry their recovery's campaign (texts, attributions) to one campaign. */
function campaignClause(filters: RecoveryStatsFilters, params: unknown[], column: string): string {
  if (!filters.campaign_id) {
    return ""
  }
  params.push(filters.campaign_id)
  return `AND ${column} = ?`
}

/** The range's whole days and edges; longer ranges than the rollups answer are refused. */
function rollupSplit(filters: RecoveryStatsFilters): StatsRangeSplit {
  if (filters.to.getTime() - filters.from.getTime() > MAX_ROLLUP_RANGE_DAYS * 86_400_000) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `The stats cover at most ${MAX_ROLLUP_RANGE_DAYS} days at once`
    )
  }
  return splitStatsRange(filters.from, filters.to)
}

/**
 * Message counters per step, variant and UTC day: the finest grain every breakdown is summed
 * from, a few hundred rows for a month. Whole days come from the `sms_stats_daily` rollup;
 * the partial days at the range's ends from the texts themselves, placed in time by when
 * they went out, or were created if they never did (the sent half from a covering index).
 */
export function messageCountersQuery(filters: RecoveryStatsFilters): SqlQuery {
  const split = rollupSplit(filters)
  const params: unknown[] = []
  const parts: string[] = []
  if (split.days) {
    params.push(split.days.first, split.days.end)
    const campaign = campaignClause(filters, params, "s.campaign_id")
    parts.push(`
      SELECT s.step_position, NULLIF(s.variant_id, '') AS variant_id, s.day,
             sum(s.sent) AS sent, sum(s.delivered) AS delivered, sum(s.failed) AS failed,
             sum(s.clicks) AS clicks, sum(s.unique_clicks) AS unique_clicks, sum(s.segments) AS segments
        FROM sms_stats_daily s
       WHERE s.day >= ?::date AND s.day < ?::date ${campaign}
       GROUP BY s.step_position, s.variant_id, s.day`)
  }
  for (const edge of split.edges) {
    params.push(edge.from, edge.to)
    const sentCampaign = campaignClause(filters, params, "m.campaign_id")
    params.push(edge.from, edge.to)
    const unsentCampaign = campaignClause(filters, params, "m.campaign_id")
    parts.push(`
      SELECT step_position, variant_id, day,
             count(*) FILTER (WHERE sent_at IS NOT NULL) AS sent,
             count(*) FILTER (WHERE status = 'delivered') AS delivered,
             count(*) FILTER (WHERE status IN ('failed', 'undeliverable')) AS failed,
             COALESCE(sum(clicks), 0) AS clicks,
             count(*) FILTER (WHERE clicks > 0) AS unique_clicks,
             COALESCE(sum(segments) FILTER (WHERE sent_at IS NOT NULL), 0) AS segments
        FROM (
          SELECT m.step_position, m.variant_id, m.status, m.clicks, m.segments, m.sent_at,
                 (m.sent_at AT TIME ZONE 'UTC')::date AS day
            FROM sms_message m
           WHERE m.deleted_at IS NULL AND m.sent_at >= ? AND m.sent_at < ? ${sentCampaign}
          UNION ALL
          SELECT m.step_position, m.variant_id, m.status, m.clicks, m.segments, m.sent_at,
                 (m.created_at AT TIME ZONE 'UTC')::date AS day
            FROM sms_message m
           WHERE m.deleted_at IS NULL AND m.sent_at IS NULL
             AND m.created_at >= ? AND m.created_at < ? ${unsentCampaign}
        ) msg
       GROUP BY step_position, variant_id, day`)
  }
  if (!parts.length) {
    return { sql: `SELECT NULL LIMIT 0`, params: [] }
  }
  const sql = `
    SELECT g.step_position, g.variant_id, v.name AS variant_name, g.day::text AS day,
           g.sent, g.delivered, g.failed, g.clicks, g.unique_clicks, g.segments
      FROM (${parts.join("\n      UNION ALL")}) g
      LEFT JOIN sms_step_variant v ON v.id = g.variant_id`
  return { sql, params }
}

/**
 * Attributed orders placed in the range. Amounts are summed from the exact decimal Medusa
 * keeps in `raw_amount`, never from a float. One attribution per order keeps this small next
 * to the texts, so it is grouped in SQL, where counting distinct recoveries stays exact; each
 * attribution carries its text's step and variant and its recovery's campaign, so a covering
 * index answers it alone. Distinct recoveries are sorted bytewise: ids are equal or not in any
 * collation, and the database's own costs a string comparison per step of each set's sort.
 */
export function attributionTotalsQuery(filters: RecoveryStatsFilters): SqlQuery {
  const params: unknown[] = [filters.from, filters.to]
  const campaign = campaignClause(filters, params, "a.campaign_id")
  const sql = `
    WITH attr AS (
      SELECT a.recovery_id, a.model, a.currency_code,
             (a.raw_amount->>'value')::numeric AS amount,
             a.step_position, a.variant_id, (a.attributed_at AT TIME ZONE 'UTC')::date AS day
        FROM sms_attribution a
       WHERE a.deleted_at IS NULL AND a.attributed_at >= ? AND a.attributed_at < ?
         ${campaign}
    )
    SELECT GROUPING(currency_code, step_position, variant_id, day)::int AS grouping,
           currency_code, step_position, variant_id, max(v.name) AS variant_name,
           day::text AS day,
           count(DISTINCT recovery_id COLLATE "C") AS recovered,
           COALESCE(sum(amount) FILTER (WHERE model = 'click'), 0)::text AS click,
           COALESCE(sum(amount) FILTER (WHERE model = 'view'), 0)::text AS view,
           COALESCE(sum(amount), 0)::text AS total
      FROM attr
      LEFT JOIN sms_step_variant v ON v.id = attr.variant_id
     GROUP BY GROUPING SETS (
       (), (step_position), (step_position, variant_id), (day),
       (currency_code), (currency_code, step_position),
       (currency_code, step_position, variant_id), (currency_code, day))`
  return { sql, params }
}

/** Which of the rollup's number sequences a range reads: per number, or per number within a campaign. */
function phoneKind(filters: RecoveryStatsFilters): { kind: string; prev: string } {
  return filters.campaign_id
    ? { kind: "campaign_phone", prev: "prev_campaign_phone_sent_at" }
    : { kind: "phone", prev: "prev_phone_sent_at" }
}

/**
 * Denominators of the rates, as parts summed by `sumAudience`: texts that were the first of
 * their recovery (`recovery`, split by whether it earned an order) or of their number
 * (`phone`) in the range, and the texted numbers that opted out in the range (`opted_out`).
 *
 * A text is the first of its recovery in the range when the one before it (`prev_*_sent_at`)
 * was sent before `from`. For whole days the rollup counts texts by the day of that earlier
 * text; the partial days at the ends, and whole-day texts whose earlier text falls on `from`'s
 * own day, are read from the texts. Opt-outs are few: each is checked against the texts to
 * its number through the `(to, sent_at)` index.
 */
export function audienceQuery(filters: RecoveryStatsFilters): SqlQuery {
  const split = rollupSplit(filters)
  const phone = phoneKind(filters)
  const params: unknown[] = []
  const parts: string[] = []
  if (split.days) {
    params.push(split.days.first, split.days.end, split.fromDay, phone.kind)
    const campaign = campaignClause(filters, params, "s.campaign_id")
    parts.push(`
      SELECT s.kind, s.won, sum(s.texts) AS texts
        FROM sms_stats_audience_daily s
       WHERE s.day >= ?::date AND s.day < ?::date AND s.prev_day < ?::date
         AND s.kind IN ('recovery', ?) ${campaign}
       GROUP BY s.kind, s.won`)
  }
  if (split.days && split.beforeFrom) {
    for (const sequence of [
      { kind: "recovery", prev: "prev_recovery_sent_at", won: "m.recovery_won", sms: "" },
      { kind: phone.kind, prev: phone.prev, won: "false", sms: "AND m.channel = 'sms'" },
    ]) {
      params.push(sequence.kind, split.beforeFrom.from, split.beforeFrom.to, split.days.from, split.days.to)
      const campaign = campaignClause(filters, params, "m.campaign_id")
      parts.push(`
        SELECT ?::text AS kind, ${sequence.won} AS won, count(*) AS texts
          FROM sms_message m
         WHERE m.${sequence.prev} >= ? AND m.${sequence.prev} < ?
           AND m.sent_at >= ? AND m.sent_at < ? AND m.deleted_at IS NULL
           ${sequence.sms} ${campaign}
         GROUP BY 2`)
    }
  }
  for (const edge of split.edges) {
    params.push(phone.kind, edge.from, edge.to)
    const campaign = campaignClause(filters, params, "m.campaign_id")
    params.push(filters.from)
    parts.push(`
      SELECT k.kind, k.won, count(*) AS texts
        FROM sms_message m
        CROSS JOIN LATERAL (VALUES
          ('recovery', m.recovery_won, m.prev_recovery_sent_at, true),
          (?::text, false, m.${phone.prev}, m.channel = 'sms')
        ) k(kind, won, prev, counted)
       WHERE m.deleted_at IS NULL AND m.sent_at >= ? AND m.sent_at < ? ${campaign}
         AND k.counted AND (k.prev IS NULL OR k.prev < ?)
       GROUP BY k.kind, k.won`)
  }
  params.push(filters.from, filters.to, filters.from, filters.to)
  const optedOutCampaign = campaignClause(filters, params, "m.campaign_id")
  parts.push(`
    SELECT 'opted_out' AS kind, false AS won, count(DISTINCT e.phone) AS texts
      FROM sms_consent_event e
     WHERE e.deleted_at IS NULL AND e.type = 'opted_out'
       AND e.occurred_at >= ? AND e.occurred_at < ?
       AND EXISTS (
         SELECT 1 FROM sms_message m
          WHERE m."to" = e.phone AND m.channel = 'sms' AND m.deleted_at IS NULL
            AND m.sent_at >= ? AND m.sent_at < ?
            ${optedOutCampaign})`)
  return { sql: parts.join("\n    UNION ALL"), params }
}

/** One part of the audience: texts of a kind that start a recovery's or a number's presence in the range. */
export type AudiencePartRow = { kind: string; won: boolean; texts: Count }

/** Adds up `audienceQuery`'s parts into the rates' denominators. Pure. */
export function sumAudience(rows: AudiencePartRow[], filters: RecoveryStatsFilters): AudienceRow {
  const phone = phoneKind(filters).kind
  const total = (keep: (row: AudiencePartRow) => boolean) =>
    rows.filter(keep).reduce((sum, row) => sum + count(row.texts), 0)
  return {
    texted_recoveries: total((row) => row.kind === "recovery"),
    recovered_recoveries: total((row) => row.kind === "recovery" && row.won),
    texted_phones: total((row) => row.kind === phone),
    opted_out_phones: total((row) => row.kind === "opted_out"),
  }
}

type Count = number | string

/** Message counters of one step, variant and UTC day. */
export type MessageCounterRow = {
  step_position: number
  variant_id: string | null
  variant_name: string | null
  day: string
  sent: Count
  delivered: Count
  failed: Count
  clicks: Count
  unique_clicks: Count
  segments: Count
}

export type AttributionTotalRow = {
  grouping: number
  currency_code: string | null
  step_position: number | null
  variant_id: string | null
  variant_name: string | null
  day: string | null
  recovered: Count
  click: string
  view: string
  total: string
}

export type AudienceRow = {
  texted_recoveries: Count
  recovered_recoveries: Count
  texted_phones: Count
  opted_out_phones: Count
}

export type StatsRows = {
  messages: MessageCounterRow[]
  attributions: AttributionTotalRow[]
  audience: AudienceRow
}

/** Shapes the three queries' rows into the stats response. Pure: no database, no clock. */
export function assembleRecoveryStats(filters: RecoveryStatsFilters, rows: StatsRows): RecoveryStats {
  const attributionsIn = (grouping: number) =>
    rows.attributions.filter((row) => row.grouping === grouping)

  const stepKey = (row: { step_position: number | null }) => String(row.step_position)
  const variantKey = (row: { variant_id: string | null }) => String(row.variant_id)
  const dayKey = (row: { day: string | null }) => String(row.day)

  const total = counters(
    sumMessagesBy(rows.messages, () => "all").get("all"),
    attributionsIn(ATTRIBUTION_GROUPS.total)[0],
    attributionsIn(ATTRIBUTION_GROUPS.currency)
  )

  const stepRows = sumMessagesBy(rows.messages, stepKey)
  const stepRecovered = indexBy(attributionsIn(ATTRIBUTION_GROUPS.step), stepKey)
  const stepRevenue = groupBy(attributionsIn(ATTRIBUTION_GROUPS.currencyStep), stepKey)
  const steps = unique([...stepRows.keys(), ...stepRecovered.keys()].filter((key) => key !== "null"))
  const by_step = steps
    .map((key) => ({
      step_position: Number(key),
      ...counters(stepRows.get(key), stepRecovered.get(key), stepRevenue.get(key) ?? []),
    }))
    .sort((a, b) => a.step_position - b.step_position)

  const variantRows = sumMessagesBy(rows.messages, variantKey)
  const variantRecovered = indexBy(attributionsIn(ATTRIBUTION_GROUPS.variant), variantKey)
  const variantRevenue = groupBy(attributionsIn(ATTRIBUTION_GROUPS.currencyVariant), variantKey)
  const variants = unique([...variantRows.keys(), ...variantRecovered.keys()].filter((key) => key !== "null"))
  const by_variant = withBaselineComparisons(variants
    .map((key) => {
      const described = variantRows.get(key) ?? variantRecovered.get(key)
      return {
        variant_id: key,
        name: described?.variant_name ?? null,
        step_position: described?.step_position ?? null,
        ...counters(variantRows.get(key), variantRecovered.get(key), variantRevenue.get(key) ?? []),
      }
    })
    .sort((a, b) => (a.step_position ?? 0) - (b.step_position ?? 0) || a.variant_id.localeCompare(b.variant_id)))

  const dayRows = sumMessagesBy(rows.messages, dayKey)
  const dayRecovered = indexBy(attributionsIn(ATTRIBUTION_GROUPS.day), dayKey)
  const dayRevenue = groupBy(attributionsIn(ATTRIBUTION_GROUPS.currencyDay), dayKey)
  const daily = utcDays(filters.from, filters.to).map((date) => ({
    date,
    sent: count(dayRows.get(date)?.sent),
    clicks: count(dayRows.get(date)?.clicks),
    recovered: count(dayRecovered.get(date)?.recovered),
    revenue: (dayRevenue.get(date) ?? [])
      .map((row) => ({ currency_code: String(row.currency_code), amount: normalizeDecimal(row.total) }))
      .sort(byCurrency),
  }))

  const audience = rows.audience
  return {
    range: { from: filters.from.toISOString(), to: filters.to.toISOString() },
    ...total,
    conversion_rate: ratio(count(audience.recovered_recoveries), count(audience.texted_recoveries)),
    opt_out_rate: ratio(count(audience.opted_out_phones), count(audience.texted_phones)),
    by_step,
    by_variant,
    daily,
  }
}

/** Adds to each variant its test against the first variant (by name) of the same step. */
function withBaselineComparisons(variants: Omit<VariantStats, "comparison">[]): VariantStats[] {
  const baselines = new Map<number | null, Omit<VariantStats, "comparison">>()
  for (const variant of [...variants].sort(byVariantName)) {
    if (!baselines.has(variant.step_position)) {
      baselines.set(variant.step_position, variant)
    }
  }
  const sample = (variant: Omit<VariantStats, "comparison">) => ({
    successes: variant.recovered_carts,
    trials: variant.sent,
  })
  return variants.map((variant) => {
    const baseline = baselines.get(variant.step_position)
    const comparison =
      baseline && baseline !== variant
        ? { baseline_variant_id: baseline.variant_id, ...compareProportions(sample(baseline), sample(variant)) }
        : null
    return { ...variant, comparison }
  })
}

function counters(
  messages: MessageCounterRow | undefined,
  recovered: AttributionTotalRow | undefined,
  revenueRows: AttributionTotalRow[]
): MessageCounters {
  const sent = count(messages?.sent)
  const unique_clicks = count(messages?.unique_clicks)
  const recovered_revenue = revenueRows
    .map((row) => ({
      currency_code: String(row.currency_code),
      click: normalizeDecimal(row.click),
      view: normalizeDecimal(row.view),
      total: normalizeDecimal(row.total),
    }))
    .sort(byCurrency)
  return {
    sent,
    delivered: count(messages?.delivered),
    failed: count(messages?.failed),
    clicks: count(messages?.clicks),
    unique_clicks,
    ctr: ratio(unique_clicks, sent),
    segments: count(messages?.segments),
    recovered_carts: count(recovered?.recovered),
    recovered_revenue,
    revenue_per_message: recovered_revenue.map((revenue) => ({
      currency_code: revenue.currency_code,
      amount: perMessage(revenue.total, revenue.currency_code, sent),
    })),
  }
}

/** Revenue over texts, rounded half away from zero to the currency's minor unit. */
function perMessage(total: string, currencyCode: string, sent: number): string {
  if (sent === 0) {
    return fromMinorUnits(0n, currencyCode)
  }
  const minor = toMinorUnits(total, currencyCode)
  const divisor = BigInt(sent)
  const magnitude = ((minor < 0n ? -minor : minor) * 2n + divisor) / (2n * divisor)
  return fromMinorUnits(minor < 0n ? -magnitude : magnitude, currencyCode)
}

/** `"108.50"` → `"108.5"`, `"54.00"` → `"54"`: the sum as Medusa would write the amount. */
export function normalizeDecimal(value: string): string {
  if (!value.includes(".")) {
    return value
  }
  return value.replace(/\.?0+$/, "")
}

/** Ratios are not money: four decimals are plenty for a dashboard. */
function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : Math.round((numerator / denominator) * 10_000) / 10_000
}

function count(value: Count | undefined | null): number {
  return value == null ? 0 : Number(value)
}

/** Every UTC day the half-open range touches, so a chart has no gaps. */
export function utcDays(from: Date, to: Date): string[] {
  const days: string[] = []
  if (to <= from) {
    return days
  }
  const last = new Date(to.getTime() - 1)
  const day = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()))
  while (day <= last) {
    days.push(day.toISOString().slice(0, 10))
    day.setUTCDate(day.getUTCDate() + 1)
  }
  return days
}

function byCurrency(a: { currency_code: string }, b: { currency_code: string }): number {
  return a.currency_code.localeCompare(b.currency_code)
}

const MESSAGE_COUNTS = ["sent", "delivered", "failed", "clicks", "unique_clicks", "segments"] as const

/**
 * Adds up the counters of the rows that share a key (a step, a variant, a day, or all of
 * them), keeping the first row's description. Exact: every counter is a count or a sum of
 * integers, additive across days.
 */
export function sumMessagesBy(
  rows: MessageCounterRow[],
  key: (row: MessageCounterRow) => string
): Map<string, MessageCounterRow> {
  const sums = new Map<string, MessageCounterRow>()
  for (const row of rows) {
    const sum = sums.get(key(row))
    if (!sum) {
      sums.set(key(row), { ...row, ...Object.fromEntries(MESSAGE_COUNTS.map((name) => [name, count(row[name])])) })
      continue
    }
    for (const name of MESSAGE_COUNTS) {
      sum[name] = count(sum[name]) + count(row[name])
    }
  }
  return sums
}

function indexBy<T>(rows: T[], key: (row: T) => string): Map<string, T> {
  return new Map(rows.map((row) => [key(row), row]))
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const row of rows) {
    const group = groups.get(key(row)) ?? []
    group.push(row)
    groups.set(key(row), group)
  }
  return groups
}

function unique(values: string[]): string[] {
  return [...new Set(values)]
}
