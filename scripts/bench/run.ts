import type { ExecArgs, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { performance } from "node:perf_hooks"
import { getHeapStatistics, setFlagsFromString, writeHeapSnapshot } from "node:v8"
import { runInNewContext } from "node:vm"
import { SMS_RECOVERY_MODULE } from "../../src/modules/sms_recovery"
import type SmsRecoveryModuleService from "../../src/modules/sms_recovery/service"
import { CLAIM_DUE_RECOVERIES_SQL } from "../../src/modules/sms_recovery/queries/recoveries"
import cartActivityHandler from "../../src/subscribers/sms-recovery-cart-activity"
import { runRecoverySweep } from "../../src/sweep/recovery-sweep"
import { seedIdleCarts } from "../../support/seed-idle-carts"
import { seedStore } from "../../support/seed-store"
import { seedBacklogCarts } from "./backlog-seed"
import { CpuProfile } from "./cpu-profile"
import { PeakRss } from "./peak-rss"
import { duplicateTexts, emptySimulatorInbox, simulatorInbox } from "./simulator-inbox"
import { otherProcessesCpuLines, OtherProcessesCpu } from "./process-cpu"
import { measureStats } from "./stats"
import { measureTutorial } from "./tutorial"
import { measureWorkerProcesses } from "./worker-processes"

const MINUTE_MS = 60_000
const HOUR_MS = 60 * MINUTE_MS
const CREATE_CHUNK = 500
const WARM_UP_TEXTS = 200
/** Recoveries the sweep claims per page, by default. */
const PAGE_SIZE = 100

type Measure = { name: string; value: number; unit: string; budget?: string; ok?: boolean }

/**
 * `npm run bench` inside the root app (run through `medusa exec` by scripts/bench.mjs, on a
 * database of its own and a zero-latency Sinch simulator): measures the performance budget and
 * prints one line per number plus `BENCH_RESULT=<json>`.
 *
 *   BENCH_TEXTS    due, eligible recoveries swept by two workers at once (default 2000)
 *   BENCH_TRACKED  tracked recoveries the claim and the cart event run against (default 1000000)
 *   BENCH_PROFILE  a file to write a CPU profile of the sweep to (open it in Chrome DevTools)
 *   BENCH_PROFILE_TUTORIAL  the same for the tutorial job's single run
 *   BENCH_WORKER_PROCESSES  worker processes the `processes` part sweeps with (default 2)
 *   BENCH_SEND_CONCURRENCY  texts the sweep hands over in one call (default: the workflow's 100)
 *   BENCH_STATS_MESSAGES  texts over 60 days the admin stats run against (default 1000000)
 *   BENCH_ONLY     some of `sweep` (with the tutorial), `processes` (the sweep in worker
 *                  processes), `scale` (claim and cart event), `stats`, `backlog`,
 *                  comma-separated (default `sweep,scale,stats`)
 *   BENCH_BACKLOG  due, eligible recoveries the `backlog` part sweeps to the end, two workers
 *                  sweep after sweep, for memory (default 100000)
 *   BENCH_BACKLOG_PAGES  pages of 100 each of its workers sweeps at most (default: all)
 *   BENCH_HEAP_SNAPSHOT  a file to write a heap snapshot to after the backlog sweep
 */
export default async function bench({ container }: ExecArgs) {
  const texts = positiveInt("BENCH_TEXTS", 2_000)
  const tracked = positiveInt("BENCH_TRACKED", 1_000_000)
  const statsMessages = positiveInt("BENCH_STATS_MESSAGES", 1_000_000)
  const parts = benchParts()
  const now = daytimeInEveryZone()
  // Peaks of RSS follow V8's sizing: Node sets this from the machine's memory, or a container's.
  const heapLimitMiB = getHeapStatistics().heap_size_limit / 2 ** 20
  const measures: Measure[] = [report({ name: "V8 heap limit of the app", value: round(heapLimitMiB, 0), unit: "MiB" })]
  if (parts.has("sweep")) {
    const sweep = await measureSweep(container, texts, now)
    measures.push(
      ...sweep,
      // The Medusa tutorial's job over the same carts, provider and simulator (scripts/bench/tutorial.ts).
      ...(await measureTutorial(container, {
        simulatorUrl: process.env.SINCH_SMS_HOSTNAME ?? "",
        pluginTextsPerSecond: sweep.find((measure) => measure.unit === "texts/s")?.value ?? 0,
        pluginCpuMsPerText: sweep.find((measure) => measure.name.startsWith("app CPU per text"))?.value ?? 0,
      }))
    )
  }
  if (parts.has("processes")) {
    measures.push(...(await measureProcesses(container, texts, now)))
  }
  if (parts.has("scale")) {
    measures.push(...(await measureAtScale(container, tracked, now)))
  }
  if (parts.has("backlog")) {
    const pages = process.env.BENCH_BACKLOG_PAGES ? positiveInt("BENCH_BACKLOG_PAGES", 1) : Infinity
    measures.push(...(await measureBacklog(container, positiveInt("BENCH_BACKLOG", 100_000), pages, now)))
  }
  // After the claim and cart event, so their tracked count is not swollen by the stats' history.
  if (parts.has("stats")) {
    measures.push(...(await measureStats(container, { messages: statsMessages, runs: 10, now })))
  }
  console.log(`BENCH_RESULT=${JSON.stringify(measures)}`)
}

function report(measure: Measure): Measure {
  const budget = measure.budget ? ` (budget ${measure.budget})` : ""
  const verdict = measure.ok === undefined ? "" : measure.ok ? "  ok" : "  OVER BUDGET"
  console.log(`BENCH ${measure.name}: ${measure.value} ${measure.unit}${budget}${verdict}`)
  return measure
}

/** Two sweeps at once over a backlog of due, eligible carts: coverage, duplicates, speed, memory. */
async function measureSweep(container: MedusaContainer, texts: number, now: Date): Promise<Measure[]> {
  const simulatorUrl = process.env.SINCH_SMS_HOSTNAME ?? ""
  const { regionId } = await seedStore(container)
  await enableCampaign(container, new Date(now.getTime() - 2 * HOUR_MS))

  // A first, unmeasured sweep loads and compiles what the first texts need, so the measured
  // one shows the steady state.
  console.log(`BENCH warming up with ${WARM_UP_TEXTS} texts, then seeding ${texts} idle carts with opted-in numbers…`)
  await seedDueCarts(container, regionId, { first: 0, count: WARM_UP_TEXTS }, now)
  await runRecoverySweep(container, { now, workerId: "bench-warm-up" })
  await emptySimulatorInbox(simulatorUrl)
  await seedDueCarts(container, regionId, { first: WARM_UP_TEXTS, count: texts }, now)

  const heapBefore = await liveHeapMiB()
  const rssBefore = process.memoryUsage().rss / 2 ** 20
  const rss = new PeakRss()
  const statements = StatementCounter.start()
  const profiler = await CpuProfile.start(process.env.BENCH_PROFILE)
  const others = await OtherProcessesCpu.start(container)
  const started = performance.now()
  const cpuBefore = process.cpuUsage()
  const [a, b] = await Promise.all([
    runRecoverySweep(container, { now, workerId: "bench-a", concurrency: sendConcurrency() }),
    runRecoverySweep(container, { now, workerId: "bench-b", concurrency: sendConcurrency() }),
  ])
  const seconds = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpuBefore)
  const othersCpu = await others.stop()
  await profiler.stop()
  const statementCount = statements.stop()
  rss.stop()
  const heapAfter = await liveHeapMiB()

  const sent = (a.outcomes.sent ?? 0) + (b.outcomes.sent ?? 0)
  const duplicates = duplicateTexts(await simulatorInbox(simulatorUrl), (batch) => batch.client_reference)
  const textsPerSecond = sent / seconds
  return [
    report({ name: "texted in one sweep", value: round((sent / texts) * 100, 1), unit: "% of eligible carts", budget: "100 %", ok: sent === texts }),
    report({ name: "duplicate texts from two sweeps at once", value: duplicates, unit: "texts", budget: "0", ok: duplicates === 0 }),
    report({ name: "throughput, two workers, end to end through the SDK", value: round(textsPerSecond, 1), unit: "texts/s", budget: "≥ 300", ok: textsPerSecond >= 300 }),
    report({ name: "SQL statements per text", value: round(statementCount / texts, 1), unit: "statements" }),
    report({ name: "app CPU per text (user + system)", value: round((cpu.user + cpu.system) / 1000 / sent, 2), unit: "ms" }),
    ...otherProcessesCpuLines("", othersCpu, sent).map(report),
    report({ name: "live heap after the sweep minus before (full GCs)", value: round(heapAfter - heapBefore, 1), unit: "MiB" }),
    report({ name: "RSS before the sweep (booted app, seeded)", value: round(rssBefore, 0), unit: "MiB" }),
    // The 400 MiB budget is the `backlog` part's, over 100,000 recoveries.
    report({ name: `peak RSS while sweeping a ${texts}-text backlog`, value: round(rss.peakMiB, 0), unit: "MiB" }),
  ]
}

/** Phones and shoppers of the worker-processes part, numbered apart from the other parts'. */
const PROCESSES_FIRST_INDEX = 3_000_000

/**
 * The sweep's backlog again, swept by `BENCH_WORKER_PROCESSES` (2) worker processes of the
 * root app at once instead of two sweeps in this one. Each sweeps a page of warm-up carts, due
 * half an hour earlier, before the measured run.
 */
async function measureProcesses(container: MedusaContainer, texts: number, now: Date): Promise<Measure[]> {
  const processes = positiveInt("BENCH_WORKER_PROCESSES", 2)
  const warmUpAt = new Date(now.getTime() - 30 * MINUTE_MS)
  const { regionId } = await seedStore(container)
  await enableCampaign(container, new Date(now.getTime() - 2 * HOUR_MS))
  console.log(`BENCH seeding ${texts} idle carts for ${processes} worker processes, which boot meanwhile…`)
  await seedDueCarts(container, regionId, { first: PROCESSES_FIRST_INDEX, count: processes * PAGE_SIZE }, warmUpAt)
  await seedDueCarts(container, regionId, { first: PROCESSES_FIRST_INDEX + processes * PAGE_SIZE, count: texts }, now)
  const measures = await measureWorkerProcesses(container, {
    processes,
    texts,
    now,
    warmUpAt,
    simulatorUrl: process.env.SINCH_SMS_HOSTNAME ?? "",
  })
  return measures.map(report)
}

/** Phones and shoppers of the backlog part, numbered apart from the sweep part's. */
const BACKLOG_FIRST_INDEX = 1_000_000

/**
 * Memory over a long sweep: `count` due, eligible carts, swept by two workers, each sweeping
 * again as long as its last sweep claimed something (or until it has swept `maxPages` pages).
 */
async function measureBacklog(container: MedusaContainer, count: number, maxPages: number, now: Date): Promise<Measure[]> {
  const simulatorUrl = process.env.SINCH_SMS_HOSTNAME ?? ""
  const { regionId } = await seedStore(container)
  await enableCampaign(container, new Date(now.getTime() - 2 * HOUR_MS))
  console.log(`BENCH warming up with ${WARM_UP_TEXTS} texts, then seeding a backlog of ${count} idle carts…`)
  const due = { lastActivityAt: new Date(now.getTime() - HOUR_MS), dueAt: new Date(now.getTime() - MINUTE_MS) }
  await seedBacklogCarts(container, { regionId, first: BACKLOG_FIRST_INDEX, count: WARM_UP_TEXTS, ...due })
  await runRecoverySweep(container, { now, workerId: "bench-backlog-warm-up" })
  const seedStarted = performance.now()
  await seedBacklogCarts(container, { regionId, first: BACKLOG_FIRST_INDEX + WARM_UP_TEXTS, count, ...due })
  const seedSeconds = (performance.now() - seedStarted) / 1000
  await emptySimulatorInbox(simulatorUrl)

  const heapBefore = await liveHeapMiB()
  const rssBefore = process.memoryUsage().rss / 2 ** 20
  const rss = new PeakRss()
  const started = performance.now()
  const [a, b] = await Promise.all([
    sweepUntilDone(container, now, "bench-backlog-a", maxPages),
    sweepUntilDone(container, now, "bench-backlog-b", maxPages),
  ])
  const seconds = (performance.now() - started) / 1000
  rss.stop()
  const heapAfter = await liveHeapMiB()
  if (process.env.BENCH_HEAP_SNAPSHOT) {
    console.log(`BENCH heap snapshot after the backlog sweep: ${writeHeapSnapshot(process.env.BENCH_HEAP_SNAPSHOT)}`)
  }
  const sent = a.sent + b.sent
  const whole = maxPages === Infinity
  const swept = whole ? `a ${count}-recovery backlog` : `${a.pages + b.pages} pages of a ${count}-recovery backlog`
  return [
    report({ name: `seeding a ${count}-recovery backlog (set-based SQL)`, value: round(seedSeconds, 1), unit: "s" }),
    report({ name: `texted from ${swept}`, value: sent, unit: "texts", budget: whole ? `${count}` : undefined, ok: whole ? sent === count : undefined }),
    report({ name: `throughput over ${swept}, two workers`, value: round(sent / seconds, 1), unit: "texts/s" }),
    report({ name: "RSS before the backlog sweep (booted app, seeded)", value: round(rssBefore, 0), unit: "MiB" }),
    report({ name: `peak RSS while sweeping ${swept}`, value: round(rss.peakMiB, 0), unit: "MiB", budget: "≤ 400", ok: rss.peakMiB <= 400 }),
    report({ name: `live heap after sweeping ${swept} minus before (full GCs)`, value: round(heapAfter - heapBefore, 1), unit: "MiB" }),
  ]
}

async function sweepUntilDone(container: MedusaContainer, now: Date, workerId: string, maxPages: number) {
  const swept = { sent: 0, pages: 0 }
  while (swept.pages < maxPages) {
    const summary = await runRecoverySweep(container, { now, workerId, maxPages: Math.min(100, maxPages - swept.pages) })
    swept.sent += summary.outcomes.sent ?? 0
    swept.pages += summary.pages
    if (!summary.claimed) {
      break
    }
  }
  return swept
}

/** The claim and the cart event with `tracked` recoveries in the table. */
async function measureAtScale(container: MedusaContainer, tracked: number, now: Date): Promise<Measure[]> {
  console.log(`BENCH seeding ${tracked} tracked recoveries…`)
  await seedTrackedRecoveries(container, tracked, now)
  const claim = await timeClaims(container, now)
  const cartEvent = await timeCartEvents(container, 2_000)
  return [
    report({ name: `100-row claim at ${tracked} tracked (median)`, value: round(claim.median, 2), unit: "ms", budget: "≤ 5", ok: claim.median <= 5 }),
    report({ name: `100-row claim at ${tracked} tracked (p95)`, value: round(claim.p95, 2), unit: "ms" }),
    report({ name: `cart event at ${tracked} tracked (median)`, value: round(cartEvent.median, 2), unit: "ms", budget: "≤ 2", ok: cartEvent.median <= 2 }),
    report({ name: `cart event at ${tracked} tracked (p95)`, value: round(cartEvent.p95, 2), unit: "ms" }),
  ]
}

const BENCH_PARTS = ["sweep", "processes", "scale", "stats", "backlog"] as const
/**
 * Only when asked for: the backlog part takes long (a 100,000-text sweep), and the processes
 * part boots two more apps.
 */
const DEFAULT_PARTS = ["sweep", "scale", "stats"]

function benchParts(): Set<string> {
  const raw = process.env.BENCH_ONLY
  if (!raw) {
    return new Set(DEFAULT_PARTS)
  }
  const parts = raw.split(",").map((part) => part.trim())
  const unknown = parts.filter((part) => !(BENCH_PARTS as readonly string[]).includes(part))
  if (unknown.length) {
    throw new Error(`BENCH_ONLY takes ${BENCH_PARTS.join(", ")}, got "${unknown.join(", ")}"`)
  }
  return new Set(parts)
}

function sendConcurrency(): number | undefined {
  return process.env.BENCH_SEND_CONCURRENCY ? positiveInt("BENCH_SEND_CONCURRENCY", PAGE_SIZE) : undefined
}

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name]
  if (!raw) {
    return fallback
  }
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer, got "${raw}"`)
  }
  return value
}

/** Today 19:00 UTC: 11:00 in Los Angeles, 14:00 in New York, so no text waits for quiet hours. */
function daytimeInEveryZone(): Date {
  const at = new Date()
  at.setUTCHours(19, 0, 0, 0)
  return at
}

async function enableCampaign(container: MedusaContainer, activeSince: Date) {
  const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
  await smsRecovery.ensureDefaultCampaign()
  const [campaign] = await smsRecovery.listCampaigns({})
  await smsRecovery.updateCampaigns([{ id: campaign.id, enabled: true, active_since: activeSince }])
  smsRecovery.clearCampaignCache()
}

/** `count` idle, due carts with opted-in numbers, `CREATE_CHUNK` at a time. */
async function seedDueCarts(
  container: MedusaContainer,
  regionId: string,
  { first, count }: { first: number; count: number },
  now: Date
) {
  for (let start = first; start < first + count; start += CREATE_CHUNK) {
    const size = Math.min(CREATE_CHUNK, first + count - start)
    await seedIdleCarts(container, {
      regionId,
      phones: Array.from({ length: size }, (_, i) => `+1415${2_000_000 + start + i}`),
      firstIndex: start,
      lastActivityAt: new Date(now.getTime() - HOUR_MS),
      dueAt: new Date(now.getTime() - MINUTE_MS),
    })
  }
}

/** Idle recoveries with nothing scheduled, 1 % due and 9 % scheduled later, as a big store has. */
async function seedTrackedRecoveries(container: MedusaContainer, count: number, now: Date) {
  const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  await pg.raw(
    `INSERT INTO sms_recovery (id, cart_id, status, last_activity_at, next_step, next_send_at, send_attempts)
     SELECT 'smsrec_bench_' || n, 'cart_bench_' || n, 'tracking', ?::timestamptz - interval '1 day', 1,
            CASE WHEN n % 100 = 0 THEN ?::timestamptz - (n || ' seconds')::interval
                 WHEN n % 10 = 0 THEN ?::timestamptz + interval '1 day'
                 ELSE NULL END,
            0
       FROM generate_series(1, ?) AS n`,
    [now, now, now, count]
  )
  // What autovacuum does after a bulk load; without it the first claims pay for setting hint bits.
  await pg.raw(`VACUUM ANALYZE sms_recovery`)
}

/**
 * The sweep's claim of a 100-row page, timed as the database runs it (50 claims). Between
 * claims, untimed, the claimed rows are moved on as the sweep moves each one it works on (the
 * next step scheduled a day later), so every claim starts from a due set the sweep would see.
 */
async function timeClaims(container: MedusaContainer, now: Date) {
  const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const leaseUntil = new Date(now.getTime() + 5 * MINUTE_MS)
  const durations: number[] = []
  for (let i = 0; i < 50; i++) {
    const started = performance.now()
    const claimed = await pg.raw(CLAIM_DUE_RECOVERIES_SQL, [`bench-claim-${i}`, leaseUntil, now, now, 100])
    durations.push(performance.now() - started)
    await pg.raw(
      `UPDATE sms_recovery SET next_send_at = ?::timestamptz + interval '1 day', claimed_by = NULL, claim_expires_at = NULL
        WHERE id = ANY(?)`,
      [now, claimed.rows.map((row: { id: string }) => row.id)]
    )
  }
  return stats(durations)
}

/** What the cart-event subscriber adds to a storefront request, for existing carts. */
async function timeCartEvents(container: MedusaContainer, count: number) {
  const durations: number[] = []
  for (let i = 1; i <= count; i++) {
    const started = performance.now()
    await cartActivityHandler({
      event: { name: "cart.updated", data: { id: `cart_bench_${i * 37}` } },
      container,
      pluginOptions: {},
    })
    durations.push(performance.now() - started)
  }
  return stats(durations)
}

function stats(durations: number[]) {
  const sorted = [...durations].sort((a, b) => a - b)
  const at = (quantile: number) => sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))]
  return { median: at(0.5), p95: at(0.95) }
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits))
}

type PgQuery = (this: unknown, ...args: unknown[]) => unknown

/** Counts the SQL statements every pg client in this process sends, between start and stop. */
class StatementCounter {
  private count = 0

  private constructor(
    private readonly client: { query: PgQuery },
    private readonly original: PgQuery
  ) {}

  static start(): StatementCounter {
    // The pg driver Medusa's knex and MikroORM both use: one prototype behind every connection.
    const client = (require("pg") as { Client: { prototype: { query: PgQuery } } }).Client.prototype
    const counter = new StatementCounter(client, client.query)
    client.query = function (this: unknown, ...args: unknown[]) {
      counter.count++
      return counter.original.apply(this, args)
    }
    return counter
  }

  stop(): number {
    this.client.query = this.original
    return this.count
  }
}

/**
 * The heap still reachable after full collections; a few rounds with a turn of the event loop
 * between them, since one leaves behind what finalizers and weak callbacks free.
 */
async function liveHeapMiB(): Promise<number> {
  for (let round = 0; round < 4; round++) {
    fullGc()
    await new Promise((resolve) => setImmediate(resolve))
  }
  return process.memoryUsage().heapUsed / 2 ** 20
}

/** V8's collector, reachable without starting node with --expose-gc. */
const fullGc: () => void = (() => {
  setFlagsFromString("--expose-gc")
  return runInNewContext("gc") as () => void
})()
