import type { ExecArgs } from "@medusajs/framework/types"
import { existsSync } from "node:fs"
import { runRecoverySweep } from "../../src/sweep/recovery-sweep"

/**
 * One sweep worker process of the bench's `processes` part, run by `medusa exec` as a store
 * runs Medusa workers: once booted it sweeps the warm-up carts due by `BENCH_WARM_UP_AT`,
 * says it is ready, waits for `BENCH_START_FILE`, then sweeps by `BENCH_NOW` until a sweep
 * claims nothing, and prints what it sent and the CPU it took.
 */
export default async function sweepWorker({ container }: ExecArgs) {
  const workerId = required("BENCH_WORKER_ID")
  const startFile = required("BENCH_START_FILE")
  const now = new Date(required("BENCH_NOW"))
  await runRecoverySweep(container, { now: new Date(required("BENCH_WARM_UP_AT")), workerId, maxPages: 1 })
  console.log("BENCH_WORKER_READY")
  while (!existsSync(startFile)) {
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  const cpuBefore = process.cpuUsage()
  let sent = 0
  for (;;) {
    const summary = await runRecoverySweep(container, { now, workerId })
    sent += summary.outcomes.sent ?? 0
    if (!summary.claimed) {
      break
    }
  }
  const cpu = process.cpuUsage(cpuBefore)
  console.log(`BENCH_WORKER_DONE=${JSON.stringify({ sent, cpu_ms: (cpu.user + cpu.system) / 1000, finished_at: Date.now() })}`)
}

function required(name: string): string {
  const value = process.env[name]
  if (!value) {
    throw new Error(`${name} is required`)
  }
  return value
}
