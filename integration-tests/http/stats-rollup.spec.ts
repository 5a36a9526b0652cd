import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Migration20261202110000 } from "../../src/modules/sms_recovery/migrations/Migration20261202110000"
import { Migration20261202120000 } from "../../src/modules/sms_recovery/migrations/Migration20261202120000"
import type { RecoveryStatsFilters } from "../../src/modules/sms_recovery/queries"
import { smsRecoveryService } from "../helpers/recovery"

jest.setTimeout(600_000)

const DAY_MS = 86_400_000
const START = Date.parse("2026-10-01T00:00:00Z")
const PHONES = ["+14155550201", "+14155550202", "+14155550203", "+14155550204", "+14155550205", "+447700900201"]

const pgOf = (container: MedusaContainer) => container.resolve(ContainerRegistrationKeys.PG_CONNECTION)

/** A small deterministic generator, so a failure replays. */
function random(seed: number) {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return state / 2 ** 31
  }
}

type RawText = {
  recovery_id: string
  campaign_id: string | null
  step_position: number
  channel: string
  to: string
  status: string
  clicks: number
  segments: number | null
  sent_at: Date | null
  created_at: Date
}

/**
 * The stats' definitions computed in plain code from the raw rows: what the rollups must
 * reproduce for any range and campaign.
 */
async function referenceStats(container: MedusaContainer, filters: RecoveryStatsFilters) {
  const pg = pgOf(container)
  const texts: RawText[] = (
    await pg.raw(`SELECT m.recovery_id, r.campaign_id, m.step_position, m.channel, m."to", m.status, m.clicks,
                         m.segments, m.sent_at, m.created_at
                    FROM sms_message m JOIN sms_recovery r ON r.id = m.recovery_id
                   WHERE m.deleted_at IS NULL`)
  ).rows
  const won = new Set<string>(
    (await pg.raw(`SELECT recovery_id FROM sms_attribution WHERE deleted_at IS NULL`)).rows.map(
      (row: { recovery_id: string }) => row.recovery_id
    )
  )
  const optOuts: { phone: string; occurred_at: Date }[] = (
    await pg.raw(`SELECT phone, occurred_at FROM sms_consent_event WHERE type = 'opted_out' AND deleted_at IS NULL`)
  ).rows
  const inRange = (at: Date | null) => !!at && at >= filters.from && at < filters.to
  const ofCampaign = texts.filter((text) => !filters.campaign_id || text.campaign_id === filters.campaign_id)
  const placed = ofCampaign.filter((text) => inRange(text.sent_at ?? text.created_at))
  const sent = ofCampaign.filter((text) => inRange(text.sent_at))
  const recoveries = new Set(sent.map((text) => text.recovery_id))
  const phones = new Set(sent.filter((text) => text.channel === "sms").map((text) => text.to))
  const optedOut = new Set(optOuts.filter((e) => inRange(e.occurred_at) && phones.has(e.phone)).map((e) => e.phone))
  const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 10_000) / 10_000)
  const sentByDay = new Map<string, number>()
  for (const text of sent) {
    const day = text.sent_at!.toISOString().slice(0, 10)
    sentByDay.set(day, (sentByDay.get(day) ?? 0) + 1)
  }
  return {
    sent: sent.length,
    delivered: placed.filter((text) => text.status === "delivered").length,
    failed: placed.filter((text) => text.status === "failed" || text.status === "undeliverable").length,
    clicks: placed.reduce((sum, text) => sum + text.clicks, 0),
    unique_clicks: placed.filter((text) => text.clicks > 0).length,
    segments: sent.reduce((sum, text) => sum + (text.segments ?? 0), 0),
    conversion_rate: ratio([...recoveries].filter((id) => won.has(id)).length, recoveries.size),
    opt_out_rate: ratio(optedOut.size, phones.size),
    daily_sent: Object.fromEntries([...sentByDay].sort()),
  }
}

async function actualStats(container: MedusaContainer, filters: RecoveryStatsFilters) {
  const stats = await smsRecoveryService(container).getRecoveryStats(filters)
  return {
    sent: stats.sent,
    delivered: stats.delivered,
    failed: stats.failed,
    clicks: stats.clicks,
    unique_clicks: stats.unique_clicks,
    segments: stats.segments,
    conversion_rate: stats.conversion_rate,
    opt_out_rate: stats.opt_out_rate,
    daily_sent: Object.fromEntries(stats.daily.filter((day) => day.sent > 0).map((day) => [day.date, day.sent])),
  }
}

/** Ranges of whole days, of partial days at either end, inside one day, in another zone. */
const RANGES: [string, string][] = [
  ["2026-10-01T00:00:00Z", "2026-10-05T00:00:00Z"],
  ["2026-10-02T00:00:00Z", "2026-10-04T00:00:00Z"],
  ["2026-10-01T13:17:00Z", "2026-10-04T09:05:00Z"],
  ["2026-10-02T06:00:00Z", "2026-10-03T00:00:00Z"],
  ["2026-10-02T00:00:00Z", "2026-10-03T18:30:00Z"],
  ["2026-10-02T03:00:00Z", "2026-10-02T21:00:00Z"],
  ["2026-10-02T00:00:00+05:30", "2026-10-04T00:00:00+05:30"],
  ["2026-10-03T12:00:00Z", "2026-10-05T00:00:00Z"],
]

async function expectStatsMatchReference(container: MedusaContainer, campaigns: (string | undefined)[]) {
  for (const [from, to] of RANGES) {
    for (const campaign_id of campaigns) {
      const filters = { from: new Date(from), to: new Date(to), ...(campaign_id ? { campaign_id } : {}) }
      const label = `${from} → ${to} ${campaign_id ?? "all"}`
      expect({ label, ...(await actualStats(container, filters)) }).toEqual({
        label,
        ...(await referenceStats(container, filters)),
      })
    }
  }
}

/** The rollups' figures per key (appended and merged rows summed), non-zero ones, in a stable order. */
async function rollupRows(container: MedusaContainer) {
  const pg = pgOf(container)
  const daily = await pg.raw(`SELECT day::text, campaign_id, step_position, variant_id, sum(sent)::int AS sent,
                                     sum(delivered)::int AS delivered, sum(failed)::int AS failed, sum(clicks)::int AS clicks,
                                     sum(unique_clicks)::int AS unique_clicks, sum(segments)::int AS segments
                                FROM sms_stats_daily
                               GROUP BY 1, 2, 3, 4
                              HAVING sum(sent) <> 0 OR sum(delivered) <> 0 OR sum(failed) <> 0 OR sum(clicks) <> 0
                                  OR sum(unique_clicks) <> 0 OR sum(segments) <> 0
                               ORDER BY 1, 2, 3, 4`)
  const audience = await pg.raw(`SELECT day::text, campaign_id, kind, prev_day::text, won, sum(texts)::int AS texts
                                   FROM sms_stats_audience_daily GROUP BY 1, 2, 3, 4, 5 HAVING sum(texts) <> 0
                                   ORDER BY 1, 2, 3, 4, 5`)
  return { daily: daily.rows, audience: audience.rows }
}

/** Each sent text's predecessors, recomputed from scratch, against the ones the triggers kept. */
async function misLinkedTexts(container: MedusaContainer) {
  const { rows } = await pgOf(container).raw(`
    SELECT m.id FROM sms_message m
      JOIN (SELECT id,
                   lag(sent_at) OVER (PARTITION BY recovery_id ORDER BY sent_at, id) AS prev_recovery,
                   CASE WHEN channel = 'sms' THEN lag(sent_at) OVER (PARTITION BY "to", channel = 'sms' ORDER BY sent_at, id) END AS prev_phone,
                   CASE WHEN channel = 'sms' THEN lag(sent_at) OVER (PARTITION BY "to", campaign_id, channel = 'sms' ORDER BY sent_at, id) END AS prev_campaign_phone
              FROM sms_message WHERE deleted_at IS NULL AND sent_at IS NOT NULL) x ON x.id = m.id
      JOIN sms_recovery r ON r.id = m.recovery_id
     WHERE (m.prev_recovery_sent_at, m.prev_phone_sent_at, m.prev_campaign_phone_sent_at, m.campaign_id)
           IS DISTINCT FROM (x.prev_recovery, x.prev_phone, x.prev_campaign_phone, r.campaign_id)`)
  return rows
}

/**
 * Three campaigns' worth of recoveries sharing six numbers, texted out of order over four
 * days by many writers at once: texts created sent and created queued then marked sent
 * through separate connections, delivery reports, repeated clicks on the same text, orders
 * (two for one recovery), a text taken back, one deleted, one soft-deleted, a recovery moved
 * to another campaign, opt-outs, and a number erased.
 */
async function writeConcurrently(container: MedusaContainer) {
  const sms = smsRecoveryService(container)
  const pg = pgOf(container)
  const next = random(42)
  const campaigns = await sms.createCampaigns([{ name: "Rollup A" }, { name: "Rollup B" }])
  const campaignOf = (index: number) => (index % 5 === 4 ? null : campaigns[index % 2].id)
  const recoveries = await sms.createRecoveries(
    Array.from({ length: 30 }, (_, index) => ({
      cart_id: `cart_rollup_${index}`,
      phone: PHONES[index % PHONES.length],
      campaign_id: campaignOf(index),
      status: "active" as const,
      last_activity_at: new Date(START),
      next_step: 4,
    }))
  )
  const at = (dayFraction: number) => new Date(START + Math.floor(dayFraction * DAY_MS / 60_000) * 60_000)

  const texts = recoveries.flatMap((recovery, index) =>
    [1, 2, 3].slice(0, 1 + (index % 3)).map((step) => ({
      recovery,
      step,
      sentAt: at(next() * 4),
      channel: index % 7 === 6 ? "email" : "sms",
      createdSent: next() < 0.5,
    }))
  )
  const created = await Promise.all(
    texts.map(async (text, index) => {
      const [message] = await sms.createMessages([
        {
          recovery_id: text.recovery.id,
          step_id: `smsstep_rollup_${text.step}`,
          step_position: text.step,
          variant_id: `smsvar_rollup_${text.step}_${index % 2}`,
          channel: text.channel,
          idempotency_key: `recovery:${text.recovery.id}:step:${text.step}`,
          to: text.recovery.phone!,
          segments: 1 + (index % 3),
          status: text.createdSent ? "sent" : "queued",
          sent_at: text.createdSent ? text.sentAt : null,
        },
      ])
      return { ...text, message }
    })
  )
  await Promise.all(
    created
      .filter((text) => !text.createdSent)
      .map((text) =>
        pg.raw(`UPDATE sms_message SET status = 'sent', sent_at = ?, batch_id = ? WHERE id = ?`, [
          text.sentAt,
          `batch_${text.message.id}`,
          text.message.id,
        ])
      )
  )
  // Placed by creation time: a text that never went out.
  await pg.raw(`UPDATE sms_message SET created_at = ? WHERE id = ?`, [at(1.5), created[2].message.id])

  const writes: Promise<unknown>[] = []
  created.forEach((text, index) => {
    if (index % 4 === 0) {
      writes.push(pg.raw(`UPDATE sms_message SET status = 'delivered', delivered_at = sent_at + interval '1 minute' WHERE id = ?`, [text.message.id]))
    }
    if (index % 9 === 1) {
      writes.push(pg.raw(`UPDATE sms_message SET status = 'failed' WHERE id = ?`, [text.message.id]))
    }
    if (index % 3 === 1) {
      for (let click = 0; click < 3; click++) {
        writes.push(sms.recordLinkClick(text.message.id, new Date(text.sentAt.getTime() + 3_600_000)))
      }
    }
  })
  recoveries.forEach((recovery, index) => {
    if (index % 4 === 1) {
      const message = created.find((text) => text.recovery.id === recovery.id)!.message
      const order = (n: number) =>
        sms.createAttributionOnce({
          order_id: `order_rollup_${index}_${n}`,
          recovery_id: recovery.id,
          message_id: message.id,
          model: "click",
          amount: "10",
          currency_code: "usd",
          attributed_at: at(2 + n),
        })
      writes.push(order(0), ...(index === 5 ? [order(1)] : []))
    }
  })
  writes.push(sms.updateRecoveries({ id: recoveries[0].id, campaign_id: campaigns[1].id }))
  writes.push(pg.raw(`UPDATE sms_message SET sent_at = NULL, status = 'queued' WHERE id = ?`, [created[3].message.id]))
  writes.push(sms.softDeleteMessages([created[7].message.id]))
  writes.push(pg.raw(`DELETE FROM sms_message WHERE id = ?`, [created[11].message.id]))
  // Merges while the writes go on: a merge folds what is committed and leaves the rest.
  for (let merge = 0; merge < 3; merge++) {
    writes.push(sms.mergeStatsRollups())
  }
  await Promise.all(writes)

  for (const [phone, day] of [[PHONES[1], 1.4], [PHONES[3], 2.7], ["+14155550299", 2]] as const) {
    const consent = await sms.createConsents({ phone, status: "opted_out" })
    await sms.createConsentEvents({ consent_id: consent.id, phone, type: "opted_out", channel: "keyword", occurred_at: at(day) })
  }
  // An order taken back: its recovery earned nothing after all.
  const [undone] = await sms.listAttributions({ order_id: "order_rollup_9_0" })
  await sms.deleteAttributions(undone.id)
  await sms.erasePhone(PHONES[2], new Date(START + 5 * DAY_MS))

  return [undefined, campaigns[0].id, campaigns[1].id]
}

medusaIntegrationTestRunner({
  testSuite: ({ getContainer }) => {
    describe("stats rollups", () => {
      it("stay exact under concurrent writers, and a backfill rebuilds them the same", async () => {
        const container = getContainer()
        const campaigns = await writeConcurrently(container)

        expect(await misLinkedTexts(container)).toEqual([])
        await expectStatsMatchReference(container, campaigns)
        const before = await rollupRows(container)
        expect(before.daily.length).toBeGreaterThan(10)
        expect(before.audience.length).toBeGreaterThan(10)

        await smsRecoveryService(container).mergeStatsRollups()
        const { rows: unmerged } = await pgOf(container).raw(
          `SELECT (SELECT count(*) FROM sms_stats_daily WHERE NOT merged) + (SELECT count(*) FROM sms_stats_audience_daily WHERE NOT merged) AS n`
        )
        expect(Number(unmerged[0].n)).toBe(0)
        expect(await rollupRows(container)).toEqual(before)
        await expectStatsMatchReference(container, campaigns)

        // The migrations' way down and up again over the same texts: the backfill alone
        // must rebuild what the triggers kept.
        const migrations = [
          new Migration20261202110000(undefined as never, undefined as never),
          new Migration20261202120000(undefined as never, undefined as never),
        ]
        const down: string[] = []
        const up: string[] = []
        for (const migration of [...migrations].reverse()) {
          migration.reset()
          await migration.down()
          down.push(...(migration.getQueries() as string[]))
        }
        for (const migration of migrations) {
          migration.reset()
          await migration.up()
          up.push(...(migration.getQueries() as string[]))
        }
        await pgOf(container).transaction(async (trx) => {
          for (const sql of [...down, ...up]) {
            await trx.raw(sql)
          }
        })

        expect(await rollupRows(container)).toEqual(before)
        expect(await misLinkedTexts(container)).toEqual([])
        await expectStatsMatchReference(container, campaigns)

        // Statements over many rows at once: texts moved in time and orders taken back.
        const pg = pgOf(container)
        await pg.raw(`UPDATE sms_message SET sent_at = sent_at + interval '20 hours'
                       WHERE sent_at IS NOT NULL AND deleted_at IS NULL AND step_position = 2`)
        await pg.raw(`UPDATE sms_attribution SET deleted_at = now() WHERE deleted_at IS NULL AND order_id LIKE '%_0'`)
        expect(await misLinkedTexts(container)).toEqual([])
        await expectStatsMatchReference(container, campaigns)

        // Truncating the orders leaves no text won; truncating the texts leaves no rollup.
        await pg.raw(`TRUNCATE sms_attribution`)
        await expectStatsMatchReference(container, campaigns)
        await pg.raw(`TRUNCATE sms_message CASCADE`)
        expect(await rollupRows(container)).toEqual({ daily: [], audience: [] })
      })
    })
  },
})
