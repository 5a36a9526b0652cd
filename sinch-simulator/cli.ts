/**
 * Runs the Sinch simulator as its own process (for the demo):
 *   npm run sinch:simulator      (ts-node --transpile-only sinch-simulator/cli.ts)
 *
 * Environment:
 *   SINCH_SIMULATOR_PORT              default 4599 (0 picks a free port)
 *   SINCH_SIMULATOR_HOST              default 127.0.0.1
 *   SINCH_SERVICE_PLAN_ID             default "sim-plan"
 *   SINCH_API_TOKEN                   default "sim-token"
 *   SINCH_WEBHOOK_SECRET              when set, callbacks are HMAC-signed
 *   SINCH_SIMULATOR_AUTO_DR=1         post a delivery report after each accepted batch
 *   SINCH_SIMULATOR_AUTO_DR_DELAY_MS  default 1000
 *   SINCH_SIMULATOR_DEFAULT_CALLBACK_URL  the "dashboard" callback URL for batches without callback_url
 *   SINCH_SIMULATOR_LATENCY_MS        every API request waits this long first (default 0)
 */
import { startSinchSimulator, type SinchSimulatorOptions } from "./server"

const DEFAULT_PORT = 4599
const DEFAULT_AUTO_DR_DELAY_MS = 1000

function readPort(raw: string | undefined): number {
  if (raw === undefined || raw === "") {
    return DEFAULT_PORT
  }
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`SINCH_SIMULATOR_PORT must be a port number, got "${raw}"`)
  }
  return port
}

function readAutoReports(env: NodeJS.ProcessEnv): SinchSimulatorOptions["autoDeliveryReports"] {
  if (env.SINCH_SIMULATOR_AUTO_DR !== "1") {
    return false
  }
  const delay = Number(env.SINCH_SIMULATOR_AUTO_DR_DELAY_MS ?? DEFAULT_AUTO_DR_DELAY_MS)
  return { delayMs: Number.isFinite(delay) && delay >= 0 ? delay : DEFAULT_AUTO_DR_DELAY_MS }
}

function readLatency(raw: string | undefined): number {
  if (raw === undefined || raw === "") {
    return 0
  }
  const latency = Number(raw)
  if (!Number.isFinite(latency) || latency < 0) {
    throw new Error(`SINCH_SIMULATOR_LATENCY_MS must be a number of milliseconds, got "${raw}"`)
  }
  return latency
}

function optionsFromEnv(env: NodeJS.ProcessEnv): SinchSimulatorOptions {
  return {
    port: readPort(env.SINCH_SIMULATOR_PORT),
    host: env.SINCH_SIMULATOR_HOST || undefined,
    servicePlanId: env.SINCH_SERVICE_PLAN_ID || undefined,
    apiToken: env.SINCH_API_TOKEN || undefined,
    callbackSecret: env.SINCH_WEBHOOK_SECRET || undefined,
    defaultCallbackUrl: env.SINCH_SIMULATOR_DEFAULT_CALLBACK_URL || undefined,
    autoDeliveryReports: readAutoReports(env),
    latencyMs: readLatency(env.SINCH_SIMULATOR_LATENCY_MS),
    logger: (line) => console.log(`[sinch-simulator] ${line}`),
  }
}

async function main(): Promise<void> {
  const options = optionsFromEnv(process.env)
  const simulator = await startSinchSimulator(options)

  // The token is printed only when it is the built-in default, never when it came from the environment.
  const token = options.apiToken ? "from SINCH_API_TOKEN" : simulator.apiToken
  console.log(`[sinch-simulator] Sinch SMS simulator ready at ${simulator.url}`)
  console.log(
    `[sinch-simulator]   smsHostname=${simulator.url} servicePlanId=${simulator.servicePlanId} apiToken=${token}`
  )
  console.log(
    `[sinch-simulator]   callbacks ${options.callbackSecret ? "signed (SINCH_WEBHOOK_SECRET)" : "unsigned"}, ` +
      `auto delivery reports ${options.autoDeliveryReports ? "on" : "off"}`
  )

  let stopping = false
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      return
    }
    stopping = true
    console.log(`[sinch-simulator] ${signal} received, shutting down`)
    simulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("[sinch-simulator] shutdown failed", error)
        process.exit(1)
      }
    )
  }
  process.on("SIGINT", stop)
  process.on("SIGTERM", stop)
}

main().catch((error: unknown) => {
  console.error("[sinch-simulator] failed to start:", error instanceof Error ? error.message : error)
  process.exit(1)
})
