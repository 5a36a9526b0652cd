// `npm run bench`: the performance budget, measured. On a database of its own (dropped
// and recreated each run) and a zero-latency Sinch simulator in its own process, it runs
// scripts/bench/run.ts inside the root app and prints the numbers. Nothing here is a test: it
// reports what this machine does.
//   BENCH_TEXTS=5000 BENCH_TRACKED=1000000 npm run bench
//   BENCH_LATENCY_MS=50 npm run bench   (the simulator answers every request after 50 ms)
//   BENCH_DATABASE=mine BENCH_SIMULATOR_PORT=4601 npm run bench   (beside someone else's run)
//   BENCH_CONTAINER_MIB=512 npm run bench   (the app in a 512 MiB memory cgroup, as in a container:
//                                            Node sizes its heap from the limit; Linux, as root)
import { spawn } from "node:child_process"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { createMemoryCgroup } from "./lib/memory-cgroup.mjs"
import { databaseUrl, ensureDatabase, ensurePostgres } from "./lib/postgres.mjs"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
// BENCH_DATABASE lets two people on one server bench at once: each run drops its database first.
const DB_NAME = process.env.BENCH_DATABASE || "sms_cart_recovery_bench"
const SIMULATOR_PORT = Number(process.env.BENCH_SIMULATOR_PORT || 4598)
const SIMULATOR_URL = `http://127.0.0.1:${SIMULATOR_PORT}`
const medusaBin = join(root, "node_modules", "@medusajs", "cli", "cli.js")
const log = (line) => console.log(`[bench] ${line}`)

const server = await ensurePostgres({ root, purpose: "bench", log })
let simulator
let exitCode = 1
try {
  await ensureDatabase(server, DB_NAME, { fresh: true, log })
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl(server, DB_NAME),
    MEDUSA_DISABLE_TELEMETRY: "true",
    LOG_LEVEL: process.env.LOG_LEVEL || "error",
    SMS_RECOVERY_SWEEP_JOB: "off",
    SINCH_SMS_HOSTNAME: SIMULATOR_URL,
    SINCH_SERVICE_PLAN_ID: "bench-plan",
    SINCH_API_TOKEN: "bench-token",
  }
  simulator = startSimulator(env)
  await waitForSimulator()
  env.BENCH_SIMULATOR_PID = String(simulator.pid)
  log("Migrating the bench database…")
  await run([medusaBin, "db:migrate"], env, { quiet: true })
  log(`Running scripts/bench/run.ts in the app (simulator latency ${process.env.BENCH_LATENCY_MS ?? 0} ms)…`)
  const container = process.env.BENCH_CONTAINER_MIB
    ? createMemoryCgroup(Number(process.env.BENCH_CONTAINER_MIB), `sms-recovery-bench-${process.pid}`)
    : null
  if (container) {
    log(`The app runs in a ${process.env.BENCH_CONTAINER_MIB} MiB memory cgroup`)
  }
  try {
    const args = [...(process.env.BENCH_NODE_ARGS?.split(" ") ?? []), medusaBin, "exec", "./scripts/bench/run.ts"]
    await run(args, env, { quiet: false, container })
  } finally {
    await container?.remove()
  }
  exitCode = 0
} catch (error) {
  console.error(`[bench] failed: ${error instanceof Error ? error.message : error}`)
} finally {
  simulator?.kill("SIGTERM")
  await server.stop()
}
process.exit(exitCode)

function startSimulator(env) {
  const tsNode = join(root, "node_modules", "ts-node", "dist", "bin.js")
  return spawn(process.execPath, [tsNode, "--transpile-only", "sinch-simulator/cli.ts"], {
    cwd: root,
    env: {
      ...env,
      SINCH_SIMULATOR_PORT: String(SIMULATOR_PORT),
      SINCH_SIMULATOR_LATENCY_MS: process.env.BENCH_LATENCY_MS ?? "0",
      SINCH_SERVICE_PLAN_ID: env.SINCH_SERVICE_PLAN_ID,
      SINCH_API_TOKEN: env.SINCH_API_TOKEN,
    },
    stdio: "ignore",
  })
}

async function waitForSimulator(timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${SIMULATOR_URL}/_sim/inbox`, { method: "DELETE" })
      if (response.ok) {
        return
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`The Sinch simulator did not start on ${SIMULATOR_URL}`)
}

/**
 * Runs the Medusa CLI, in `container`'s cgroup when given; `quiet` keeps its output unless it
 * fails, else only BENCH lines show.
 */
function run(args, env, { quiet, container = null }) {
  return new Promise((resolve, reject) => {
    const [file, fileArgs] = container ? container.command(process.execPath, args) : [process.execPath, args]
    const child = spawn(file, fileArgs, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    child.stdout.on("data", (chunk) => {
      output += chunk
      if (!quiet) {
        for (const line of String(chunk).split("\n")) {
          if (line.startsWith("BENCH ")) {
            console.log(line.slice("BENCH ".length))
          }
        }
      }
    })
    child.stderr.on("data", (chunk) => {
      output += chunk
    })
    child.on("exit", (code, signal) => {
      if (code === 0) {
        resolve(output)
        return
      }
      reject(new Error(`${args.slice(1).join(" ")} exited with ${code ?? signal}:\n${output.slice(-4000)}`))
    })
  })
}
