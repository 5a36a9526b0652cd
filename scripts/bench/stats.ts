import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { performance } from "node:perf_hooks"
import { SMS_RECOVERY_MODULE } from "../../src/modules/sms_recovery"
import type SmsRecoveryModuleService from "../../src/modules/sms_recovery/service"
import { getExperimentStatsWorkflow } from "../../src/workflows/get-experiment-stats"

const DAY_MS = 86_400_000
const SEEDED_DAYS = 60
const RANGE_DAYS = 30
const WARM_UP_RUNS = 2
const CAMPAIGNS = 3

export type StatsMeasure = { name: string; value: number; unit: string; budget?: string; ok?: boolean }

/**
 * The admin stats over a store's worth of texts: `messages` texts over the last 60 days are
 * seeded in a few SQL statements, then `getRecoveryStats` answers for the last 30 days, as the
 * stats page asks by default, `runs` times.
 */
export async function measureStats(
  container: MedusaContainer,
  { messages, runs, now }: { messages: number; runs: number; now: Date }
): Promise<StatsMeasure[]> {
  console.log(`BENCH seeding ${messages} texts over ${SEEDED_DAYS} days for the stats…`)
  const seeded = await seedStatsHistory(container, messages, now)
  console.log(
    `BENCH seeded ${seeded.messages} texts, ${seeded.recoveries} recoveries, ${seeded.attributions} attributions, ${seeded.opt_outs} opt-outs in ${round(seeded.seconds, 0)} s`
  )

  const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
  const range = { from: new Date(now.getTime() - RANGE_DAYS * DAY_MS), to: now }
  const all = await timed(runs, () => smsRecovery.getRecoveryStats(range))
  const oneCampaign = await timed(runs, () => smsRecovery.getRecoveryStats({ ...range, campaign_id: "smscmp_statsbench_0" }))
  const label = `stats over ${seeded.messages} messages, ${RANGE_DAYS} days`
  return [
    report({ name: `${label} (median)`, value: round(all.median, 1), unit: "ms", budget: "≤ 300", ok: all.median <= 300 }),
    report({ name: `${label} (p95)`, value: round(all.p95, 1), unit: "ms" }),
    report({ name: `${label}, one of ${CAMPAIGNS} campaigns (median)`, value: round(oneCampaign.median, 1), unit: "ms" }),
    report({ name: `${label}, one of ${CAMPAIGNS} campaigns (p95)`, value: round(oneCampaign.p95, 1), unit: "ms" }),
    ...(await measureRoutes(container, range, runs)),
  ]
}

/**
 * The stats page's two routes over the same history with one recovery in ten held out, each
 * as its route runs it: `GET /stats` (the counts) and `GET /experiments` (treated against
 * holdout, net figures); `GET /stats` again while an experiments run is in flight, as the page
 * asks both at once; then the experiments with segment prices set, which adds the texts'
 * segments per country.
 */
async function measureRoutes(
  container: MedusaContainer,
  range: { from: Date; to: Date },
  runs: number
): Promise<StatsMeasure[]> {
  const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  await pg.raw(`UPDATE sms_recovery SET holdout = true WHERE id LIKE 'smsrec_statsbench_%' AND right(id, 1) = '0'`)
  await pg.raw(`UPDATE sms_consent SET country = 'US' WHERE id LIKE 'smscons_statsbench_%'`)
  for (const table of ["sms_recovery", "sms_consent"]) {
    await pg.raw(`VACUUM ANALYZE ${table}`)
  }
  const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
  const stats = () => smsRecovery.getRecoveryStats(range)
  const experiments = () => getExperimentStatsWorkflow(container).run({ input: range })
  const statsRoute = await timed(runs, stats)
  const statsBeside = await timed(runs, stats, experiments)
  const experimentsRoute = await timed(runs, experiments)
  await pg.raw(
    `UPDATE sms_campaign SET segment_prices = '{"US": "0.0079", "CA": "0.0079"}' WHERE id LIKE 'smscmp_statsbench_%'`
  )
  const priced = await timed(runs, experiments)
  return [
    report({
      name: `GET /stats as the route runs it (median)`,
      value: round(statsRoute.median, 1),
      unit: "ms",
      budget: "≤ 300",
      ok: statsRoute.median <= 300,
    }),
    report({ name: `GET /stats as the route runs it (p95)`, value: round(statsRoute.p95, 1), unit: "ms" }),
    report({
      name: `GET /stats while GET /experiments runs, as the stats page asks both (median)`,
      value: round(statsBeside.median, 1),
      unit: "ms",
    }),
    report({ name: `GET /experiments as the route runs it (median)`, value: round(experimentsRoute.median, 1), unit: "ms" }),
    report({ name: `GET /experiments as the route runs it (p95)`, value: round(experimentsRoute.p95, 1), unit: "ms" }),
    report({ name: `GET /experiments with segment prices (median)`, value: round(priced.median, 1), unit: "ms" }),
  ]
}

/**
 * A realistic history, deterministic from the row number: three campaigns of three steps
 * (two variants on the first two); of every ten recoveries all get step 1, eight step 2 a
 * day later, five step 3 three days later; 1 % of texts still queued, 6 % failed or
 * undeliverable, 5 % awaiting a delivery report; one text in eight clicked; 8 % of
 * recoveries ordered (click or view, in four currencies, up to three days after the text);
 * phones shared by several recoveries, 2 % of them opted out at some point. Each text is
 * written with when its recovery, number and number within the campaign were texted before
 * it, as the stats triggers link them, so they find nothing to rewrite.
 */
async function seedStatsHistory(container: MedusaContainer, messages: number, now: Date) {
  const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const started = performance.now()
  // Steps 2 and 3 of the newest recoveries would fall in the future; seeding a few more rows
  // than asked and keeping the first `messages` of those already sent gives the exact count.
  const spread = Math.ceil((messages * 1.03) / 2.3)
  const phones = Math.max(1, Math.round(spread * 0.7))
  await pg.transaction(async (trx) => {
    // The stats triggers sort the whole load to link each text to the one before it.
    await trx.raw(`SET LOCAL work_mem = '256MB'`)
    await trx.raw(
      `INSERT INTO sms_campaign (id, name, enabled)
       SELECT 'smscmp_statsbench_' || c, 'Stats bench ' || c, true FROM generate_series(0, ?) c`,
      [CAMPAIGNS - 1]
    )
    await trx.raw(
      `INSERT INTO sms_campaign_step (id, campaign_id, position, delay_minutes)
       SELECT 'smsstep_statsbench_' || c || '_' || s, 'smscmp_statsbench_' || c, s, (ARRAY[60, 1440, 4320])[s]
         FROM generate_series(0, ?) c, generate_series(1, 3) s`,
      [CAMPAIGNS - 1]
    )
    await trx.raw(
      `INSERT INTO sms_step_variant (id, step_id, name, template)
       SELECT 'smsvar_statsbench_' || c || '_' || s || '_' || v, 'smsstep_statsbench_' || c || '_' || s,
              chr(64 + v), 'Your cart is waiting: {{link}}'
         FROM generate_series(0, ?) c, generate_series(1, 3) s, generate_series(1, 2) v
        WHERE s < 3 OR v = 1`,
      [CAMPAIGNS - 1]
    )
    await trx.raw(
      `CREATE TEMP TABLE stats_bench_text (n int, r int, step int, at timestamptz, clicks int) ON COMMIT DROP`
    )
    await trx.raw(
      `INSERT INTO stats_bench_text (n, r, step, at, clicks)
       SELECT n, r, step, at,
              CASE WHEN n % 100 >= 12 AND (n::bigint * 7919) % 100 < 12 THEN 1 + n % 3 ELSE 0 END AS clicks
         FROM (SELECT n, r, step,
                      ?::timestamptz - interval '${SEEDED_DAYS} days'
                        + (r::float8 / ?) * interval '${SEEDED_DAYS} days'
                        + (ARRAY[interval '1 hour', interval '1 day', interval '3 days'])[step] AS at
                 FROM (SELECT n, (n / 23) * 10 + CASE WHEN n % 23 < 10 THEN n % 23
                                                      WHEN n % 23 < 18 THEN n % 23 - 10
                                                      ELSE n % 23 - 18 END AS r,
                              CASE WHEN n % 23 < 10 THEN 1 WHEN n % 23 < 18 THEN 2 ELSE 3 END AS step
                         FROM generate_series(0, ?) n) numbered) timed
        WHERE at < ?
        ORDER BY n
        LIMIT ?`,
      [now, spread, Math.ceil(messages * 1.05), now, messages]
    )
    await trx.raw(
      `INSERT INTO sms_recovery (id, cart_id, campaign_id, phone, status, last_activity_at, next_step, created_at)
       SELECT 'smsrec_statsbench_' || r, 'cart_statsbench_' || r, 'smscmp_statsbench_' || (r % ?),
              '+1415' || lpad((r % ?)::text, 7, '0'),
              CASE WHEN r % 100 < 8 THEN 'recovered' ELSE 'exhausted' END, first_at, 4, first_at
         FROM (SELECT r, min(at) AS first_at FROM stats_bench_text GROUP BY r) recoveries`,
      [CAMPAIGNS, phones]
    )
    await trx.raw(
      `INSERT INTO sms_message (id, recovery_id, step_id, step_position, variant_id, channel, idempotency_key,
                                "to", body, encoding, segments, status, batch_id, sent_at, delivered_at,
                                link_code, clicks, first_clicked_at, last_clicked_at, send_attempts, created_at,
                                prev_recovery_sent_at, prev_phone_sent_at, prev_campaign_phone_sent_at)
       SELECT 'smsmsg_statsbench_' || n, 'smsrec_statsbench_' || r, 'smsstep_statsbench_' || (r % ?) || '_' || step,
              step, 'smsvar_statsbench_' || (r % ?) || '_' || step || '_' || CASE WHEN step < 3 THEN 1 + (r / 3) % 2 ELSE 1 END,
              CASE WHEN r % 50 = 7 THEN 'email' ELSE 'sms' END,
              'recovery:smsrec_statsbench_' || r || ':step:' || step,
              '+1415' || lpad((r % ?)::text, 7, '0'),
              'Acme: you left something in your cart. Finish your order: https://acme.example/sms/r/' || md5(n::text) || ' Reply STOP to opt out',
              'GSM-7', 1 + (n % 7 = 0)::int,
              CASE WHEN n % 100 < 1 THEN 'queued' WHEN n % 100 < 5 THEN 'failed' WHEN n % 100 < 7 THEN 'undeliverable'
                   WHEN n % 100 < 12 THEN 'sent' ELSE 'delivered' END,
              CASE WHEN n % 100 >= 1 THEN md5('batch' || n) END,
              CASE WHEN n % 100 >= 1 THEN at END,
              CASE WHEN n % 100 >= 12 THEN at + interval '7 seconds' END,
              md5(n::text), clicks,
              CASE WHEN clicks > 0 THEN at + interval '20 minutes' END,
              CASE WHEN clicks > 0 THEN at + interval '20 minutes' + clicks * interval '1 hour' END,
              1, at, prev_recovery, prev_phone, prev_campaign_phone
         FROM (SELECT t.*,
                      CASE WHEN sent THEN lag(at) OVER (PARTITION BY r, sent ORDER BY at, id) END AS prev_recovery,
                      CASE WHEN sent AND sms THEN lag(at) OVER (PARTITION BY r % ?, sent AND sms ORDER BY at, id) END AS prev_phone,
                      CASE WHEN sent AND sms THEN lag(at) OVER (PARTITION BY r % ?, r % ?, sent AND sms ORDER BY at, id) END AS prev_campaign_phone
                 FROM (SELECT *, 'smsmsg_statsbench_' || n AS id, n % 100 >= 1 AS sent, r % 50 <> 7 AS sms
                         FROM stats_bench_text) t) linked`,
      [CAMPAIGNS, CAMPAIGNS, phones, phones, phones, CAMPAIGNS]
    )
    // The texts' triggers planned their attribution lookup while that table was empty (a scan
    // of a whole index); kept, it would run once per text the orders below mark as won, over
    // every order inserted so far. Planned afresh, it is a lookup by recovery.
    await trx.raw(`DISCARD PLANS`)
    // One order per recovered recovery, credited to its first text that went out.
    await trx.raw(
      `INSERT INTO sms_attribution (id, order_id, recovery_id, message_id, model, amount, raw_amount, currency_code, attributed_at)
       SELECT 'smsattr_statsbench_' || n, 'order_statsbench_' || r, 'smsrec_statsbench_' || r, 'smsmsg_statsbench_' || n,
              CASE WHEN clicks > 0 THEN 'click' ELSE 'view' END,
              amount, jsonb_build_object('value', amount::text, 'precision', 20),
              (ARRAY['usd', 'eur', 'gbp', 'cad'])[1 + r % 4], ordered_at
         FROM (SELECT DISTINCT ON (r) n, r, clicks, round((1000 + (r::bigint * 7907) % 29000) / 100.0, 2) AS amount,
                      at + (r % 72) * interval '1 hour' AS ordered_at
                 FROM stats_bench_text
                WHERE r % 100 < 8 AND n % 100 >= 1
                ORDER BY r, step) firsts
        WHERE ordered_at < ?`,
      [now]
    )
    await trx.raw(
      `INSERT INTO sms_consent (id, phone, status)
       SELECT 'smscons_statsbench_' || p, '+1415' || lpad(p::text, 7, '0'),
              CASE WHEN p % 50 = 3 THEN 'opted_out' ELSE 'opted_in' END
         FROM generate_series(0, ?) p`,
      [phones - 1]
    )
    await trx.raw(
      `INSERT INTO sms_consent_event (id, consent_id, phone, type, channel, consent_text, inbound_text, occurred_at)
       SELECT 'smscev_statsbench_' || kind || '_' || p, 'smscons_statsbench_' || p, '+1415' || lpad(p::text, 7, '0'),
              kind, CASE kind WHEN 'opted_in' THEN 'checkout' ELSE 'keyword' END,
              CASE kind WHEN 'opted_in' THEN 'Yes, text me about my cart' END,
              CASE kind WHEN 'opted_out' THEN 'STOP' END,
              CASE kind WHEN 'opted_in' THEN ?::timestamptz - interval '90 days' + (p % 80) * interval '1 day'
                        ELSE ?::timestamptz - interval '${SEEDED_DAYS} days' + (p % ${SEEDED_DAYS}) * interval '1 day' + (p % 86400) * interval '1 second' END
         FROM generate_series(0, ?) p, unnest(ARRAY['opted_in', 'opted_out']) kind
        WHERE kind = 'opted_in' OR p % 50 = 3`,
      [now, now, phones - 1]
    )
  })
  // What autovacuum does after a bulk load: statistics for the planner, and the visibility
  // map that lets the stats read the covering index without visiting the table.
  for (const table of ["sms_recovery", "sms_message", "sms_attribution", "sms_consent", "sms_consent_event"]) {
    await pg.raw(`VACUUM ANALYZE ${table}`)
  }
  const counts = await pg.raw(
    `SELECT (SELECT count(*) FROM sms_message WHERE id LIKE 'smsmsg_statsbench_%') AS messages,
            (SELECT count(*) FROM sms_recovery WHERE id LIKE 'smsrec_statsbench_%') AS recoveries,
            (SELECT count(*) FROM sms_attribution WHERE id LIKE 'smsattr_statsbench_%') AS attributions,
            (SELECT count(*) FROM sms_consent_event WHERE id LIKE 'smscev_statsbench_opted_out_%') AS opt_outs`
  )
  const row = counts.rows[0]
  return {
    messages: Number(row.messages),
    recoveries: Number(row.recoveries),
    attributions: Number(row.attributions),
    opt_outs: Number(row.opt_outs),
    seconds: (performance.now() - started) / 1000,
  }
}

function report(measure: StatsMeasure): StatsMeasure {
  const budget = measure.budget ? ` (budget ${measure.budget})` : ""
  const verdict = measure.ok === undefined ? "" : measure.ok ? "  ok" : "  OVER BUDGET"
  console.log(`BENCH ${measure.name}: ${measure.value} ${measure.unit}${budget}${verdict}`)
  return measure
}

/** `run` `runs` times after warm-ups, alone or each time while `alongside` runs; only `run`'s own time counts. */
async function timed(runs: number, run: () => Promise<unknown>, alongside?: () => Promise<unknown>) {
  for (let i = 0; i < WARM_UP_RUNS; i++) {
    await Promise.all([run(), alongside?.()])
  }
  const durations: number[] = []
  for (let i = 0; i < runs; i++) {
    const other = alongside?.()
    const started = performance.now()
    await run()
    durations.push(performance.now() - started)
    await other
  }
  return quantiles(durations)
}

function quantiles(durations: number[]) {
  const sorted = [...durations].sort((a, b) => a - b)
  const at = (quantile: number) => sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))]
  return { median: at(0.5), p95: at(0.95) }
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits))
}
