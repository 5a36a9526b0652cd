// `npm run demo`: the plugin end to end on this machine. Creates and migrates its own
// database, starts the Sinch simulator and the root Medusa app, seeds a store, sends a test
// text through the Sinch provider and prints what the simulator received.
// `npm run demo -- --once` (or CI=true) stops everything after printing instead of serving.
import { spawn } from "node:child_process"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { databaseUrl, ensurePostgres } from "./lib/postgres.mjs"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const once = process.argv.includes("--once") || process.env.CI === "true"
const DB_NAME = "sms_cart_recovery_demo"
const SIMULATOR_PORT = Number(process.env.SINCH_SIMULATOR_PORT || 4599)
const APP_PORT = Number(process.env.PORT || 9000)
const medusaBin = join(root, "node_modules", "@medusajs", "cli", "cli.js")
const log = (line) => console.log(`[demo] ${line}`)

const children = []
let database

process.on("SIGINT", () => shutdown(0))
process.on("SIGTERM", () => shutdown(0))

try {
  await main()
  if (once) {
    await shutdown(0)
  }
} catch (error) {
  console.error(`[demo] failed: ${error instanceof Error ? error.message : error}`)
  await shutdown(1)
}

async function main() {
  database = await ensurePostgres({ root, purpose: "demo", log })
  const url = process.env.DATABASE_URL || databaseUrl(database, DB_NAME)
  if (!process.env.DATABASE_URL) {
    await createDatabase(database, DB_NAME)
  }
  const env = {
    ...process.env,
    DATABASE_URL: url,
    MEDUSA_DISABLE_TELEMETRY: "true",
    SINCH_SMS_HOSTNAME: `http://127.0.0.1:${SIMULATOR_PORT}`,
    SINCH_SERVICE_PLAN_ID: process.env.SINCH_SERVICE_PLAN_ID || "sim-plan",
    SINCH_API_TOKEN: process.env.SINCH_API_TOKEN || "sim-token",
    MEDUSA_PUBLIC_URL: process.env.MEDUSA_PUBLIC_URL || `http://localhost:${APP_PORT}`,
    PORT: String(APP_PORT),
  }

  log(`Database: ${url.replace(/:[^:@/]+@/, ":***@")}`)
  startSimulator(env)
  await waitFor(`http://127.0.0.1:${SIMULATOR_PORT}/_sim/inbox`, "the Sinch simulator")
  await fetch(`http://127.0.0.1:${SIMULATOR_PORT}/_sim/inbox`, { method: "DELETE" })

  log("Migrating the database (about 30 s on a new database)…")
  await run(process.execPath, [medusaBin, "db:migrate"], env)

  log("Seeding the demo store and sending a test text…")
  const seeded = parseDemoLines(
    await run(process.execPath, [medusaBin, "exec", "./scripts/demo/seed.ts"], env)
  )

  log("Starting the Medusa app…")
  startApp(env)
  await waitFor(`http://localhost:${APP_PORT}/health`, "the Medusa app", 120_000)

  const inbox = await (await fetch(`http://127.0.0.1:${SIMULATOR_PORT}/_sim/inbox`)).json()
  printSummary(seeded, inbox)
}

async function createDatabase(server, name) {
  const { createClient, dbExists, createDb } = await import("@medusajs/framework/utils")
  const client = createClient({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    database: "postgres",
  })
  await client.connect()
  try {
    if (!(await dbExists(client, name))) {
      await createDb(client, name)
      log(`Created database ${name}`)
    }
  } finally {
    await client.end()
  }
}

function startSimulator(env) {
  const tsNode = join(root, "node_modules", "ts-node", "dist", "bin.js")
  const child = spawn(process.execPath, [tsNode, "--transpile-only", "sinch-simulator/cli.ts"], {
    cwd: root,
    env: {
      ...env,
      SINCH_SIMULATOR_PORT: String(SIMULATOR_PORT),
      // What a store owner sets in the Sinch dashboard: where delivery reports go by default.
      SINCH_SIMULATOR_DEFAULT_CALLBACK_URL: `${env.MEDUSA_PUBLIC_URL}/webhooks/sinch/delivery`,
    },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  })
  children.push(child)
}

function startApp(env) {
  const child = spawn(process.execPath, [medusaBin, "develop", "--port", String(APP_PORT)], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  })
  const forward = (chunk) => {
    for (const line of String(chunk).split("\n")) {
      if (/error|warn/i.test(line)) {
        console.log(`[medusa] ${line}`)
      }
    }
  }
  child.stdout.on("data", forward)
  child.stderr.on("data", forward)
  children.push(child)
}

/** Runs a command to completion and resolves with its output (shown only when it fails). */
function run(command, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    const collect = (chunk) => {
      output += chunk
    }
    child.stdout.on("data", collect)
    child.stderr.on("data", collect)
    child.on("exit", (code) => {
      if (code === 0) {
        resolve(output)
        return
      }
      reject(new Error(`${args.slice(1).join(" ")} exited with ${code}:\n${output.slice(-4000)}`))
    })
  })
}

function parseDemoLines(output) {
  const values = {}
  for (const match of output.matchAll(/^DEMO_([A-Z_]+)=(.*)$/gm)) {
    values[match[1]] = match[2].trim()
  }
  return values
}

async function waitFor(url, what, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url)
      if (response.ok) {
        return
      }
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`${what} did not answer at ${url} within ${timeoutMs / 1000} s`)
}

function printSummary(seeded, inbox) {
  const batches = inbox.batches ?? inbox
  const lines = [
    "",
    "medusa-sms-cart-recovery demo",
    `  Admin:            http://localhost:${APP_PORT}/app  (${seeded.ADMIN})`,
    `  Store API:        http://localhost:${APP_PORT}/store  (x-publishable-api-key: ${seeded.PUBLISHABLE_KEY})`,
    `  Sinch simulator:  http://127.0.0.1:${SIMULATOR_PORT}  (inbox: /_sim/inbox)`,
    "",
    `The simulator received ${batches.length} text(s):`,
    ...batches.map(
      (batch) =>
        `  batch ${batch.id} to ${batch.to.map(maskMsisdn).join(", ")} from ${batch.from}\n    "${batch.body}"\n    client_reference: ${batch.client_reference}`
    ),
    "",
    once ? "Stopping (--once)." : "Press Ctrl-C to stop.",
  ]
  console.log(lines.join("\n"))
}

function maskMsisdn(msisdn) {
  return `${"*".repeat(Math.max(0, msisdn.length - 4))}${msisdn.slice(-4)}`
}

async function shutdown(code) {
  await Promise.all(children.map(stopGroup))
  if (database) {
    await database.stop().catch(() => {})
  }
  process.exit(code)
}

/**
 * Each child leads its own process group (`medusa develop` forks the real server into it), so
 * the whole group is signalled; a group still alive after five seconds is killed.
 */
async function stopGroup(child) {
  const signal = (name) => {
    try {
      process.kill(-child.pid, name)
      return true
    } catch {
      return false
    }
  }
  if (!signal("SIGTERM")) {
    return
  }
  const deadline = Date.now() + 5000
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200))
    if (!signal(0)) {
      return
    }
  }
  signal("SIGKILL")
}
