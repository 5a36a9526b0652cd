/*
 * `npm run test:admin`: installs the packed plugin into this store, builds the store with
 * `medusa build`, starts its production server and drives the dashboard in headless Chromium.
 * Needs `npm run build` first (the tarball is packed from `.medusa/server`), PostgreSQL on
 * localhost and Debian's chromium (scripts/ci/ensure-chromium.sh).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process"
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync } from "node:fs"
import { join, resolve } from "node:path"
import { Client } from "pg"
import { startSinchSimulator, type SinchSimulator } from "../../sinch-simulator/server"
import { runDashboardChecks } from "./dashboard-checks"

const APP = resolve(__dirname, "../admin-store")
const ROOT = resolve(APP, "../..")
const PORT = Number(process.env.E2E_PORT || 9123)
const DB_NAME = "sms_admin_e2e"
const DB = {
  host: process.env.DB_HOST || "localhost",
  port: Number(process.env.DB_PORT || 5432),
  user: process.env.DB_USERNAME || "postgres",
  password: process.env.DB_PASSWORD || "",
}
const DATABASE_URL = `postgres://${DB.user}:${encodeURIComponent(DB.password)}@${DB.host}:${DB.port}/${DB_NAME}`
const started = Date.now()
const log = (line: string) => console.log(`[admin-e2e ${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`)

async function main() {
  const tarball = packPlugin()
  installStore(tarball)
  await recreateDatabase()
  const sim = await startSinchSimulator()
  const env = storeEnv(sim)
  await Promise.all([
    run("medusa build", medusa(["build"], { cwd: APP, env })),
    run("medusa db:migrate", medusa(["db:migrate"], { cwd: APP, env })),
  ])
  const seedOut = join(APP, "seeded.json")
  await run("seed", medusa(["exec", "./src/scripts/seed-e2e.ts"], { cwd: APP, env: { ...env, E2E_SEED_OUT: seedOut } }))
  const seeded = JSON.parse(readFileSync(seedOut, "utf8"))
  const server = startServer(env)
  try {
    await waitForHealth(server)
    log(`server ready on ${PORT}`)
    await runDashboardChecks({ baseUrl: `http://localhost:${PORT}`, sim, seeded, log, screenshots: join(__dirname, "screenshots") })
    log("all dashboard checks passed")
  } finally {
    server.kill("SIGTERM")
    await sim.close()
  }
}

/** The tarball a store would install: `npm pack` of the built package. */
function packPlugin(): string {
  if (!existsSync(join(ROOT, ".medusa/server/src/admin/index.mjs"))) {
    throw new Error("No built plugin in .medusa/server: run `npm run build` first")
  }
  const output = execFileSync("flock", ["/tmp/plugin-build.lock", "npm", "pack", "--json", "--pack-destination", APP], { cwd: ROOT, encoding: "utf8" })
  const [{ filename }] = JSON.parse(output)
  copyFileSync(join(APP, filename), join(APP, "medusa-sms-cart-recovery.tgz"))
  rmSync(join(APP, filename))
  log(`packed ${filename}`)
  return join(APP, "medusa-sms-cart-recovery.tgz")
}

/**
 * The store's node_modules: the root's packages linked one by one (Medusa, React, the admin
 * bundler…), and the plugin unpacked from its tarball, as `npm install <tarball>` would place
 * it. Nothing of the plugin comes from `src/`.
 */
function installStore(tarball: string) {
  const modules = join(APP, "node_modules")
  rmSync(modules, { recursive: true, force: true })
  mkdirSync(modules)
  for (const entry of readdirSync(join(ROOT, "node_modules"))) {
    if (entry === "medusa-sms-cart-recovery" || entry === ".package-lock.json") {
      continue
    }
    symlinkSync(join(ROOT, "node_modules", entry), join(modules, entry))
  }
  const plugin = join(modules, "medusa-sms-cart-recovery")
  mkdirSync(plugin)
  execFileSync("tar", ["xzf", tarball, "-C", plugin, "--strip-components=1"])
  log("installed the plugin from the tarball")
}

async function recreateDatabase() {
  const client = new Client({ ...DB, database: "postgres" })
  await client.connect()
  await client.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`)
  await client.query(`CREATE DATABASE ${DB_NAME}`)
  await client.end()
}

function storeEnv(sim: SinchSimulator): NodeJS.ProcessEnv {
  const origin = `http://localhost:${PORT}`
  return {
    ...process.env,
    DATABASE_URL,
    PORT: String(PORT),
    PUBLIC_URL: origin,
    STORE_CORS: "http://localhost:8000",
    ADMIN_CORS: origin,
    AUTH_CORS: origin,
    SMS_LINK_SECRET: "admin-e2e-link-secret-0123456789abcdef",
    SINCH_SERVICE_PLAN_ID: sim.servicePlanId,
    SINCH_API_TOKEN: sim.apiToken,
    SINCH_FROM: "+12025550100",
    SINCH_SMS_HOSTNAME: sim.url,
    SMS_RECOVERY_SWEEP_JOB: "off",
    MEDUSA_DISABLE_TELEMETRY: "true",
    LOG_LEVEL: process.env.LOG_LEVEL || "warn",
  }
}

const CLI = join(ROOT, "node_modules/@medusajs/cli/cli.js")

function medusa(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { ...options, stdio: ["ignore", "inherit", "inherit"] })
}

function run(label: string, child: ChildProcess): Promise<void> {
  const start = Date.now()
  return new Promise((done, fail) =>
    child.on("exit", (code) => {
      if (code === 0) {
        log(`${label}: ${((Date.now() - start) / 1000).toFixed(1)}s`)
        done()
      } else {
        fail(new Error(`${label} exited with ${code}`))
      }
    })
  )
}

/** Production mode serves the built admin, and only from `.medusa/server`. */
function startServer(env: NodeJS.ProcessEnv): ChildProcess {
  const server = join(APP, ".medusa/server")
  if (!existsSync(join(server, "node_modules"))) {
    symlinkSync(join(APP, "node_modules"), join(server, "node_modules"))
  }
  return medusa(["start"], { cwd: server, env: { ...env, NODE_ENV: "production" } })
}

async function waitForHealth(server: ChildProcess) {
  const deadline = Date.now() + 90_000
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(`the server exited with ${server.exitCode}`)
    }
    const ok = await fetch(`http://localhost:${PORT}/health`).then((res) => res.ok, () => false)
    if (ok) {
      return
    }
    await new Promise((wait) => setTimeout(wait, 500))
  }
  throw new Error("the server did not answer /health within 90 s")
}

main().then(
  () => {
    log(`done in ${((Date.now() - started) / 1000).toFixed(0)}s`)
    process.exit(0)
  },
  (error) => {
    console.error(error)
    process.exit(1)
  }
)
