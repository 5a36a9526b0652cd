// `npm run test:multi-process`: the root app as one server and two sweep workers on one
// PostgreSQL and one Redis, proven exactly-once under Sinch faults, a SIGKILLed worker and an
// outage. Two runs on databases of their own:
//   faults: 10 % of sends refused (429, 500) or accepted-then-500, 30 % answered after 2 s;
//           one worker SIGKILLed while it holds claims, then restarted; a STOP mid-sweep.
//   outage: the same, with every Sinch request answered 503 for 8 s around the kill.
// Each run checks the simulator's inbox (exactly one text per due recovery, none to the
// STOP's number after the opt-out) and the database (no SMS marked sent without its batch id,
// no notification left pending). It prints `N passed, N failed` last and exits non-zero on a
// failure. Every process it starts runs in a process group of its own and is killed on exit.
//   MULTI_PROCESS_RUNS=faults MULTI_PROCESS_TEXTS=300 npm run test:multi-process
import { spawn } from "node:child_process"
import { mkdirSync, mkdtempSync, createWriteStream } from "node:fs"
import { createServer, request as httpRequest } from "node:http"
import { connect } from "node:net"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { databaseUrl, ensureDatabase, ensurePostgres } from "../../scripts/lib/postgres.mjs"

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..")
const medusaBin = join(root, "node_modules", "@medusajs", "cli", "cli.js")
const tsNodeBin = join(root, "node_modules", "ts-node", "dist", "bin.js")

const TEXTS = Number(process.env.MULTI_PROCESS_TEXTS || 1000)
const RUNS = (process.env.MULTI_PROCESS_RUNS || "faults,outage").split(",")
const TEMPLATE_DB = "sms_cart_recovery_multi_process"
const REDIS_DB = Number(process.env.MULTI_PROCESS_REDIS_DB || 7)
const REDIS_URL = `redis://127.0.0.1:6379/${REDIS_DB}`
const SERVER_PORT = Number(process.env.MULTI_PROCESS_SERVER_PORT || 9431)
const SIMULATOR_PORT = Number(process.env.MULTI_PROCESS_SIMULATOR_PORT || 4631)
const PROXY_PORT = SIMULATOR_PORT + 1
const SIMULATOR_URL = `http://127.0.0.1:${SIMULATOR_PORT}`
const SERVER_URL = `http://127.0.0.1:${SERVER_PORT}`
/** The shared clock runs this many times faster than real time (see clock.ts). */
const CLOCK_SPEED = 10
/** A claim's lease, in real seconds: a killed worker's page is retaken this long after. */
const LEASE_SECONDS = 10
const PAGE_SIZE = 50
const SENDER = "+12025550100"
const OUTAGE_BEFORE_KILL_MS = 3_000
const OUTAGE_AFTER_KILL_MS = 5_000
// Generous: the machine is small. A run took 5.5 minutes with the load average at 11.
const BOOT_TIMEOUT_MS = 180_000
const SWEEP_TIMEOUT_MS = 420_000
const TOTAL_TIMEOUT_MS = 25 * 60_000

const logDir = mkdtempSync(join(tmpdir(), "multi-process-"))
const children = new Set()
const results = []
const log = (line) => console.log(`[multi-process] ${line}`)

process.on("exit", killAll)
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    killAll()
    process.exit(130)
  })
}
const overall = setTimeout(() => {
  log(`gave up after ${TOTAL_TIMEOUT_MS / 60_000} minutes`)
  finish(1)
}, TOTAL_TIMEOUT_MS)
overall.unref()

const proxy = await startOutageProxy()
const postgres = await ensurePostgres({ root, purpose: "multi-process", log })
let exitCode = 1
try {
  log(`Logs in ${logDir}`)
  await migrateTemplate()
  for (const name of RUNS) {
    await runScenario(name)
  }
  exitCode = results.every((result) => result.ok) ? 0 : 1
} catch (error) {
  log(`failed: ${error instanceof Error ? error.stack : error}`)
  check("the runs completed", false, error instanceof Error ? error.message : String(error))
} finally {
  killAll()
  await postgres.stop()
  proxy.server.close()
}
finish(exitCode)

function finish(code) {
  killAll()
  const passed = results.filter((result) => result.ok).length
  console.log(`${passed} passed, ${results.length - passed} failed`)
  process.exit(code || (results.length && passed === results.length ? 0 : 1))
}

// ---------------------------------------------------------------------------------------------
// One run

async function runScenario(name) {
  const started = Date.now()
  const outage = name === "outage"
  log(`run "${name}": ${TEXTS} due recoveries, two workers, ${outage ? "faults and an outage" : "faults"}`)
  const dbName = `${TEMPLATE_DB}_${name}`
  await cloneTemplate(dbName)
  await flushRedis()
  const clock = `${nextDaytime()},${Date.now()},${CLOCK_SPEED}`
  const env = appEnv(dbName, clock)
  await startSimulator(name)
  try {
    resetProxy()
    // Seeded on the in-memory modules: the seed's events must not wait in Redis for the workers.
    const seedOutput = await runToEnd(`${name}-seed`, [medusaBin, "exec", "./integration-tests/multi-process/seed.ts"], {
      ...env,
      REDIS_URL: "",
    })
    const seeded = JSON.parse(seedOutput.match(/^SEEDED (.*)$/m)[1])
    log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    const server = startApp(`${name}-server`, [medusaBin, "start"], { ...env, MEDUSA_WORKER_MODE: "server", PORT: String(SERVER_PORT) })
    await waitFor("the server to answer /health", BOOT_TIMEOUT_MS, async () => (await fetchOk(`${SERVER_URL}/health`)) && true, server)
    log(`server up after ${((Date.now() - started) / 1000).toFixed(1)} s`)
    await queueFaults(TEXTS * 1.6)

    const sweepStarted = Date.now()
    const workers = { a: startWorker(name, env, "worker-a"), b: startWorker(name, env, "worker-b") }
    const db = await openDb(dbName)
    try {
      const stop = await stopMidSweep(seeded)
      const kill = await killMidSweep(name, env, db, workers, clock, outage)
      const done = await waitForSweep(db, seeded.stopPhone, clock, Object.values(workers))
      const sweepSeconds = (Date.now() - sweepStarted) / 1000
      for (const worker of Object.values(workers)) {
        stopGroup(worker)
      }
      stopGroup(server)
      await verify(name, db, seeded, stop, kill, done)
      log(`run "${name}": sweep ${sweepSeconds.toFixed(1)} s (workers' boot included), whole run ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
        `${proxy.stats.sends} send requests, ${proxy.stats.refused} answered 503 by the outage, pages a/a2/b: ${pageCounts(workers)}`)
    } finally {
      await db.end()
    }
  } finally {
    killAll()
  }
}

/** Once a quarter of the texts are out, the STOP's number texts STOP; the webhook is timed. */
async function stopMidSweep(seeded) {
  await waitFor("a quarter of the texts to go out", SWEEP_TIMEOUT_MS, async () => (await inbox()).length >= TEXTS / 4)
  const postedAt = Date.now()
  const answer = await postJson(`${SIMULATOR_URL}/_sim/inbound`, {
    url: seeded.inboundUrl,
    from: seeded.stopPhone,
    to: SENDER,
    body: "STOP",
  })
  const answeredAt = Date.now()
  log(`STOP answered ${answer.body?.status} in ${answeredAt - postedAt} ms (${(await inbox()).length} texts out by then)`)
  return { postedAt, answeredAt, status: answer.body?.status }
}

/**
 * Once 40 % of the texts are out and worker A holds live claims (it is mid-page), SIGKILLs it
 * and starts its replacement (a new worker id: the claims of the dead one are retaken only
 * when their lease ends). In the outage run Sinch answers 503 from 3 s before to 5 s after.
 */
async function killMidSweep(name, env, db, workers, clock, outage) {
  await waitFor("40 % of the texts to go out", SWEEP_TIMEOUT_MS, async () => (await inbox()).length >= TEXTS * 0.4)
  if (outage) {
    proxy.down = true
    log("Sinch is down (503)")
    await sleep(OUTAGE_BEFORE_KILL_MS)
  }
  let heldClaims = 0
  await waitFor("worker A to hold claims", SWEEP_TIMEOUT_MS, async () => {
    heldClaims = await liveClaims(db, "worker-a", clock)
    return heldClaims > 0
  })
  const textsAtKill = (await inbox()).length
  workers.a.killedOnPurpose = true
  process.kill(-workers.a.pid, "SIGKILL")
  const killedAt = Date.now()
  log(`SIGKILLed worker A holding ${heldClaims} claimed recoveries, ${textsAtKill} texts out`)
  workers.a2 = startWorker(name, env, "worker-a2")
  if (outage) {
    await sleep(OUTAGE_AFTER_KILL_MS)
    proxy.down = false
    log(`Sinch is back (${proxy.stats.refused} requests refused meanwhile)`)
  }
  return { heldClaims, textsAtKill, killedAt }
}

/** Done when every seeded recovery's first step is settled: nothing due, claimed or unsent. */
async function waitForSweep(db, stopPhone, clock, workers) {
  let state
  await waitFor("every due recovery to be texted", SWEEP_TIMEOUT_MS, async () => {
    const now = clockNow(clock)
    const { rows } = await db.query(
      `SELECT
         (SELECT count(*)::int FROM sms_message WHERE step_position = 1 AND channel = 'sms' AND "to" <> $1 AND status IN ('sent', 'delivered')) AS sent,
         (SELECT count(*)::int FROM sms_recovery WHERE deleted_at IS NULL AND (claim_expires_at > $2 OR next_send_at <= $2 + interval '30 minutes')) AS open`,
      [stopPhone, now]
    )
    state = rows[0]
    return state.sent >= TEXTS && state.open === 0
  }, ...workers)
  return state
}

// ---------------------------------------------------------------------------------------------
// Checks

async function verify(name, db, seeded, stop, kill, done) {
  const batches = await inbox()
  // The opt-out's confirmation text goes to the STOP's number too; only reminders count here.
  const reminders = batches.filter((batch) => isReminder(batch.client_reference))
  const ours = reminders.filter((batch) => !batch.to.includes(digits(seeded.stopPhone)))
  const toStopPhone = reminders.filter((batch) => batch.to.includes(digits(seeded.stopPhone)))
  const { rows: recoveries } = await db.query(
    `SELECT id, status FROM sms_recovery WHERE deleted_at IS NULL`
  )
  const stopRecovery = recoveries.filter((row) => row.id === seeded.stopRecoveryId)
  const expected = new Set(
    recoveries.filter((row) => row.id !== seeded.stopRecoveryId).map((row) => `recovery:${row.id}:step:1`)
  )
  const references = ours.map((batch) => batch.client_reference)
  const distinct = new Set(references)
  const missing = [...expected].filter((reference) => !distinct.has(reference))
  const duplicates = references.filter((reference, index) => references.indexOf(reference) !== index)

  check(`${name}: the kill came mid-sweep (worker A held claims, texts still to send)`,
    kill.heldClaims > 0 && kill.textsAtKill < TEXTS, `claims ${kill.heldClaims}, texts out ${kill.textsAtKill}`)
  check(`${name}: ${TEXTS} recoveries seeded due besides the STOP's`, expected.size === TEXTS, `${expected.size}`)
  check(`${name}: the inbox holds exactly ${TEXTS} reminder texts besides the STOP's number`, ours.length === TEXTS, `${ours.length}`)
  check(`${name}: the inbox holds nothing but reminders and the opt-out's confirmation`,
    batches.every((batch) => isReminder(batch.client_reference) || batch.to.includes(digits(seeded.stopPhone))),
    `${batches.length - reminders.length} other text(s)`)
  check(`${name}: one text per recovery, none missing`, missing.length === 0, `missing ${missing.length}: ${missing.slice(0, 5).join(", ")}`)
  check(`${name}: none twice`, duplicates.length === 0, `twice: ${[...new Set(duplicates)].slice(0, 5).join(", ")}`)
  check(`${name}: every text is a reminder of a seeded recovery`, references.every((reference) => expected.has(reference)),
    references.filter((reference) => !expected.has(reference)).slice(0, 5).join(", "))
  // A worker that sent a step and lost its claim before moving on must not leave the episode
  // recorded as never texted.
  const notActive = recoveries.filter((row) => row.id !== seeded.stopRecoveryId && row.status !== "active")
  check(`${name}: every texted recovery is recorded as texted (active)`, notActive.length === 0,
    `${notActive.length}: ${JSON.stringify(notActive.slice(0, 5))}`)

  check(`${name}: the STOP's webhook answered 2xx`, stop.status >= 200 && stop.status < 300, `status ${stop.status}`)
  const afterStop = proxy
    .sendsTo(seeded.stopPhone)
    .filter((send) => isReminder(send.reference) && send.at > stop.answeredAt)
  check(`${name}: nothing handed to Sinch for the STOP's number after its opt-out was recorded`,
    afterStop.length === 0 && toStopPhone.length <= 1,
    `${afterStop.length} send request(s) after the STOP, ${toStopPhone.length} text(s) in the inbox`)
  check(`${name}: the STOP's number's recovery is over (opted out)`,
    stopRecovery.length === 1 && (stopRecovery[0].status === "opted_out" || toStopPhone.length === 1),
    JSON.stringify(stopRecovery))

  const { rows: unbatched } = await db.query(
    `SELECT id, recovery_id, status FROM sms_message WHERE channel = 'sms' AND status IN ('sent', 'delivered') AND batch_id IS NULL`
  )
  check(`${name}: no SMS is sent or delivered without its batch id`, unbatched.length === 0, JSON.stringify(unbatched.slice(0, 5)))
  const inboxIds = new Map(batches.map((batch) => [batch.client_reference, batch.id]))
  const { rows: sent } = await db.query(
    `SELECT idempotency_key, batch_id FROM sms_message WHERE channel = 'sms' AND status IN ('sent', 'delivered')`
  )
  const wrongBatch = sent.filter((row) => inboxIds.get(row.idempotency_key) !== row.batch_id)
  check(`${name}: each sent message records the batch the inbox holds for its key`,
    wrongBatch.length === 0 && sent.length === ours.length + toStopPhone.length, `${wrongBatch.length} differ, ${sent.length} sent`)
  const { rows: pending } = await db.query(
    `SELECT id, idempotency_key FROM notification WHERE trigger_type = 'sms-cart-recovery' AND status = 'pending'`
  )
  check(`${name}: no notification is left pending`, pending.length === 0, JSON.stringify(pending.slice(0, 5)))
  const { rows: [retries] } = await db.query(
    `SELECT count(*) FILTER (WHERE send_attempts > 1)::int AS handed_over_again,
            count(*) FILTER (WHERE error_code IS NOT NULL)::int AS with_error
       FROM sms_message WHERE channel = 'sms'`
  )
  log(`${name}: ${done.sent} sent; ${kill.heldClaims} claims held by the killed worker; ` +
    `${retries.handed_over_again} texts handed over more than once (${retries.with_error} with an error recorded); ` +
    `STOP answered in ${stop.answeredAt - stop.postedAt} ms, ${toStopPhone.length} text(s) to its number`)
}

function check(name, ok, detail) {
  results.push({ name, ok })
  console.log(`${ok ? "  ✓" : "  ✗"} ${name}${ok ? "" : ` — ${detail}`}`)
}

// ---------------------------------------------------------------------------------------------
// Processes

function appEnv(dbName, clock) {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl(postgres, dbName),
    REDIS_URL,
    MEDUSA_ADMIN_DISABLED: "true",
    MEDUSA_DISABLE_TELEMETRY: "true",
    MEDUSA_PUBLIC_URL: SERVER_URL,
    LOG_LEVEL: process.env.LOG_LEVEL || "warn",
    SMS_RECOVERY_SWEEP_JOB: "off",
    SINCH_SMS_HOSTNAME: `http://127.0.0.1:${PROXY_PORT}`,
    SINCH_SERVICE_PLAN_ID: "multi-plan",
    SINCH_API_TOKEN: "multi-token",
    MULTI_PROCESS_CLOCK: clock,
    MULTI_PROCESS_TEXTS: String(TEXTS),
    MULTI_PROCESS_LEASE_SECONDS: String(LEASE_SECONDS),
    MULTI_PROCESS_PAGE_SIZE: String(PAGE_SIZE),
  }
}

function startWorker(name, env, workerId) {
  return startApp(`${name}-${workerId}`, [medusaBin, "exec", "./integration-tests/multi-process/sweep-loop.ts"], {
    ...env,
    MEDUSA_WORKER_MODE: "worker",
    MULTI_PROCESS_WORKER_ID: workerId,
  })
}

/** A process in a group of its own (so a kill reaches every child), its output in a log file. */
function startApp(label, args, env) {
  const child = spawn(process.execPath, args, { cwd: root, env, detached: true, stdio: ["ignore", "pipe", "pipe"] })
  const file = createWriteStream(join(logDir, `${label}.log`))
  child.label = label
  child.output = ""
  child.pages = 0
  child.exited = null
  const collect = (chunk) => {
    file.write(chunk)
    child.output = (child.output + chunk).slice(-20_000)
    child.pages += (String(chunk).match(/^PAGE /gm) ?? []).length
  }
  child.stdout.on("data", collect)
  child.stderr.on("data", collect)
  child.on("exit", (code, signal) => {
    child.exited = { code, signal }
    children.delete(child)
    file.end()
  })
  children.add(child)
  return child
}

function runToEnd(label, args, env) {
  const child = startApp(label, args, env)
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stopGroup(child)
      reject(new Error(`${label} took over ${BOOT_TIMEOUT_MS / 1000} s`))
    }, BOOT_TIMEOUT_MS)
    child.on("exit", (code) => {
      clearTimeout(timer)
      code === 0 ? resolve(child.output) : reject(new Error(`${label} exited with ${code}:\n${child.output.slice(-4000)}`))
    })
  })
}

function stopGroup(child) {
  if (child.exited) {
    return
  }
  try {
    process.kill(-child.pid, "SIGKILL")
  } catch {
    // already gone
  }
}

function killAll() {
  for (const child of children) {
    stopGroup(child)
  }
}

function pageCounts(workers) {
  return [workers.a, workers.a2, workers.b].map((worker) => worker?.pages ?? 0).join("/")
}

// ---------------------------------------------------------------------------------------------
// The simulator, its faults, and the outage proxy in front of it

async function startSimulator(name) {
  const child = startApp(`${name}-simulator`, [tsNodeBin, "--transpile-only", "sinch-simulator/cli.ts"], {
    ...process.env,
    SINCH_SIMULATOR_PORT: String(SIMULATOR_PORT),
    SINCH_SERVICE_PLAN_ID: "multi-plan",
    SINCH_API_TOKEN: "multi-token",
  })
  await waitFor("the Sinch simulator", BOOT_TIMEOUT_MS, () => fetchOk(`${SIMULATOR_URL}/_sim/inbox`), child)
  return child
}

/**
 * One fault per send request, drawn from a seeded generator so a failure can be replayed:
 * 5 % 429, 3 % 500, 2 % 500 after the batch was stored, 30 % a 2 s answer, the rest at once.
 * Runs of the same fault are queued as one with `times`.
 */
async function queueFaults(count) {
  const random = mulberry32(0x5eed)
  const faults = []
  for (let i = 0; i < count; i++) {
    const r = random()
    const fault =
      r < 0.05 ? { status: 429 } : r < 0.08 ? { status: 500 } : r < 0.1 ? { status: 500, acceptBatch: true } : r < 0.4 ? { latencyMs: 2000 } : { latencyMs: 0 }
    const last = faults[faults.length - 1]
    if (last && JSON.stringify({ ...last, times: undefined }) === JSON.stringify(fault)) {
      last.times = (last.times ?? 1) + 1
    } else {
      faults.push({ ...fault })
    }
  }
  for (const fault of faults) {
    const response = await fetch(`${SIMULATOR_URL}/_sim/faults`, { method: "POST", body: JSON.stringify({ ...fault, on: "send" }) })
    if (response.status !== 201) {
      throw new Error(`the simulator refused fault ${JSON.stringify(fault)}: ${response.status}`)
    }
  }
}

/**
 * A pass-through to the simulator that can play Sinch being down (every request answered
 * 503) and notes when each send request reached it: the moment a text was handed to Sinch.
 */
function startOutageProxy() {
  const state = {
    down: false,
    sends: [],
    stats: { sends: 0, refused: 0 },
    sendsTo(phone) {
      return state.sends.filter((send) => send.to.includes(digits(phone)))
    },
  }
  state.server = createServer((req, res) => {
    const chunks = []
    req.on("data", (chunk) => chunks.push(chunk))
    req.on("end", () => {
      const body = Buffer.concat(chunks)
      if (req.method === "POST" && /\/batches$/.test(req.url ?? "")) {
        state.stats.sends++
        try {
          const parsed = JSON.parse(String(body))
          state.sends.push({ at: Date.now(), to: (parsed.to ?? []).map(digits), reference: parsed.client_reference })
        } catch {
          // the simulator answers a bad body itself
        }
      }
      if (state.down) {
        state.stats.refused++
        res.writeHead(503, { "content-type": "application/json" })
        res.end(JSON.stringify({ code: "service_unavailable", text: "Service Unavailable" }))
        return
      }
      const upstream = httpRequest(
        { host: "127.0.0.1", port: SIMULATOR_PORT, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(res)
        }
      )
      upstream.on("error", () => {
        res.destroy()
      })
      upstream.end(body)
    })
  })
  return new Promise((resolve) => state.server.listen(PROXY_PORT, "127.0.0.1", () => resolve(state)))
}

function resetProxy() {
  proxy.down = false
  proxy.sends = []
  proxy.stats = { sends: 0, refused: 0 }
}

async function inbox() {
  const response = await fetch(`${SIMULATOR_URL}/_sim/inbox`)
  return response.json()
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL and Redis

async function migrateTemplate() {
  const started = Date.now()
  await ensureDatabase(postgres, TEMPLATE_DB, { fresh: true, log })
  await runToEnd("migrate", [medusaBin, "db:migrate"], { ...appEnv(TEMPLATE_DB, "0,0,1"), REDIS_URL: "" })
  log(`Migrated the template database in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

async function cloneTemplate(name) {
  const client = await openDb("postgres")
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    await client.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DB}"`)
  } finally {
    await client.end()
  }
}

async function openDb(name) {
  const { createClient } = await import("@medusajs/framework/utils")
  const client = createClient({ host: postgres.host, port: postgres.port, user: postgres.user, password: postgres.password, database: name })
  await client.connect()
  return client
}

async function liveClaims(db, workerId, clock) {
  const { rows } = await db.query(
    `SELECT count(*)::int AS n FROM sms_recovery WHERE claimed_by = $1 AND claim_expires_at > $2`,
    [workerId, clockNow(clock)]
  )
  return rows[0].n
}

/** Empties this run's Redis database (and only it), speaking Redis's protocol directly. */
function flushRedis() {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port: 6379 })
    let answer = ""
    socket.setTimeout(5_000, () => {
      socket.destroy()
      reject(new Error("Redis did not answer on 127.0.0.1:6379"))
    })
    socket.on("error", reject)
    socket.on("data", (chunk) => {
      answer += chunk
      if ((answer.match(/\r\n/g) ?? []).length >= 2) {
        socket.end()
        answer.startsWith("+OK\r\n+OK") ? resolve() : reject(new Error(`Redis answered ${answer.trim()}`))
      }
    })
    socket.write(`SELECT ${REDIS_DB}\r\nFLUSHDB\r\n`)
  })
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** 19:00 UTC today: daytime from New York to Los Angeles, so quiet hours hold no text back. */
function nextDaytime() {
  const at = new Date()
  at.setUTCHours(19, 0, 0, 0)
  return at.getTime()
}

function clockNow(clock) {
  const [start, realStart, speed] = clock.split(",").map(Number)
  return new Date(start + (Date.now() - realStart) * speed)
}

/** Polls `ready` until it is true; fails early when one of `watched` exits. */
async function waitFor(what, timeoutMs, ready, ...watched) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const dead = watched.find((child) => child?.exited && !child.killedOnPurpose)
    if (dead) {
      throw new Error(`${dead.label} exited (${JSON.stringify(dead.exited)}) while waiting for ${what}:\n${dead.output.slice(-3000)}`)
    }
    try {
      if (await ready()) {
        return
      }
    } catch {
      // not there yet
    }
    await sleep(250)
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`)
}

async function fetchOk(url) {
  const response = await fetch(url)
  return response.ok
}

async function postJson(url, body) {
  const response = await fetch(url, { method: "POST", body: JSON.stringify(body) })
  return { status: response.status, body: await response.json().catch(() => null) }
}

function isReminder(reference) {
  return /^recovery:[^:]+:step:\d+$/.test(reference ?? "")
}

function digits(phone) {
  return String(phone).replace(/\D/g, "")
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function mulberry32(seed) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
