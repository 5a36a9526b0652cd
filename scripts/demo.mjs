// `npm run demo`: the plugin end to end on this machine. Creates and migrates its own
// database, starts the Sinch simulator and the root Medusa app, seeds a store, then tells the
// whole recovery story through the app's HTTP APIs (scripts/demo/story.mjs): opt-in, reminder,
// click, order, stats, STOP.
// `npm run demo -- --once` (or CI=true) stops everything after the story instead of serving.
import { spawn } from "node:child_process"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { HOLDOUT_SHOPPERS, SHOPPERS, tellStory } from "./demo/story.mjs"
import { databaseUrl, ensureDatabase, ensurePostgres } from "./lib/postgres.mjs"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const once = process.argv.includes("--once") || process.env.CI === "true"
const DB_NAME = "sms_cart_recovery_demo"
const SIMULATOR_PORT = Number(process.env.SINCH_SIMULATOR_PORT || 4599)
const APP_PORT = Number(process.env.PORT || 9000)
const APP_URL = `http://localhost:${APP_PORT}`
const SIMULATOR_URL = `http://127.0.0.1:${SIMULATOR_PORT}`
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
    await ensureDatabase(database, DB_NAME, { log })
  }
  const env = {
    ...process.env,
    DATABASE_URL: url,
    MEDUSA_DISABLE_TELEMETRY: "true",
    SINCH_SMS_HOSTNAME: SIMULATOR_URL,
    SINCH_SERVICE_PLAN_ID: process.env.SINCH_SERVICE_PLAN_ID || "sim-plan",
    SINCH_API_TOKEN: process.env.SINCH_API_TOKEN || "sim-token",
    MEDUSA_PUBLIC_URL: process.env.MEDUSA_PUBLIC_URL || APP_URL,
    PORT: String(APP_PORT),
  }

  log(`Database: ${url.replace(/:[^:@/]+@/, ":***@")}`)
  startSimulator(env)
  await waitFor(`${SIMULATOR_URL}/_sim/inbox`, "the Sinch simulator")
  await fetch(`${SIMULATOR_URL}/_sim/inbox`, { method: "DELETE" })

  log("Migrating the database (about 30 s on a new database)…")
  await run(process.execPath, [medusaBin, "db:migrate"], env)

  log("Seeding the demo store and forgetting the demo shoppers of earlier runs…")
  const seeded = parseDemoLines(
    await run(process.execPath, [medusaBin, "exec", "./scripts/demo/seed.ts"], {
      ...env,
      DEMO_SHOPPERS: JSON.stringify([...Object.values(SHOPPERS), ...HOLDOUT_SHOPPERS]),
    })
  )
  log(`Forgot from earlier runs: ${describeCounts(JSON.parse(seeded.FORGOTTEN))}`)

  log("Starting the Medusa app…")
  startApp(env)
  // A first boot compiles the admin and every route; on a busy 2-core machine that takes minutes.
  await waitFor(`${APP_URL}/health`, "the Medusa app", 300_000)

  printHeader(seeded)
  await tellStory({
    appUrl: APP_URL,
    simulatorUrl: SIMULATOR_URL,
    seeded,
    sweep: (options) => sweepAt(env, options),
  })
  console.log(`\n${once ? "Stopping (--once)." : "Press Ctrl-C to stop."}`)
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
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  })
  forwardProblems(child, "")
  children.push(child)
}

function startApp(env) {
  const child = spawn(process.execPath, [medusaBin, "develop", "--port", String(APP_PORT)], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  })
  forwardProblems(child, "[medusa] ")
  children.push(child)
}

/** Only a child's errors, warnings and restarts are shown, so the story stays readable. */
function forwardProblems(child, prefix) {
  const forward = (chunk) => {
    for (const line of String(chunk).split("\n")) {
      if (/error|warn|restarting|reloading/i.test(line)) {
        console.log(`${prefix}${line}`)
      }
    }
  }
  child.stdout.on("data", forward)
  child.stderr.on("data", forward)
}

/** Runs `scripts/demo/sweep.ts`: a recovery sweep at `now` (see there); resolves with its summary. */
async function sweepAt(env, { now, idleCart, idleMinutes }) {
  const output = await run(process.execPath, [medusaBin, "exec", "./scripts/demo/sweep.ts"], {
    ...env,
    DEMO_NOW: now.toISOString(),
    ...(idleCart ? { DEMO_IDLE_CART: idleCart, DEMO_IDLE_MINUTES: String(idleMinutes) } : {}),
  })
  return JSON.parse(parseDemoLines(output).SWEEP)
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

function printHeader(seeded) {
  const lines = [
    "",
    "medusa-sms-cart-recovery demo",
    `  Admin:            ${APP_URL}/app  (${seeded.ADMIN_EMAIL} / ${seeded.ADMIN_PASSWORD})`,
    `  Store API:        ${APP_URL}/store  (x-publishable-api-key: ${seeded.PUBLISHABLE_KEY})`,
    `  Sinch simulator:  ${SIMULATOR_URL}  (inbox: /_sim/inbox)`,
  ]
  console.log(lines.join("\n"))
}

function describeCounts(counts) {
  const nonZero = Object.entries(counts).filter(([, count]) => count > 0)
  if (!nonZero.length) {
    return "nothing"
  }
  return nonZero.map(([what, count]) => `${what.replaceAll("_", " ")}: ${count}`).join(", ")
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
