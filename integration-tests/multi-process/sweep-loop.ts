import type { ExecArgs } from "@medusajs/framework/types"
import { runRecoverySweep } from "../../src/sweep/recovery-sweep"
import { clockSeconds, sweepClock } from "./clock"

const IDLE_PAUSE_MS = 300

/**
 * One sweep worker of a multi-process run: a process of the root app (started by `run.mjs`
 * with `MEDUSA_WORKER_MODE=worker` and the Redis modules) that sweeps one page at a time, by
 * the shared clock, until it is killed. The scheduled job does the same once a minute and,
 * on the Redis workflow engine, on one worker only; looping here makes two processes claim
 * and send at once for the whole run, which is what the run is about. Prints one `PAGE` line
 * per page claimed.
 */
export default async function sweepLoop({ container }: ExecArgs) {
  const clock = sweepClock()
  const workerId = process.env.MULTI_PROCESS_WORKER_ID ?? `worker-${process.pid}`
  const leaseSeconds = clockSeconds(Number(process.env.MULTI_PROCESS_LEASE_SECONDS))
  const pageSize = Number(process.env.MULTI_PROCESS_PAGE_SIZE)
  console.log(`READY ${workerId}`)
  for (;;) {
    const summary = await runRecoverySweep(container, { now: clock(), workerId, leaseSeconds, pageSize, maxPages: 1 })
    if (summary.claimed) {
      console.log(`PAGE ${JSON.stringify({ workerId, at: new Date().toISOString(), claimed: summary.claimed, outcomes: summary.outcomes, settled: summary.settled })}`)
    } else {
      await new Promise((resolve) => setTimeout(resolve, IDLE_PAUSE_MS))
    }
  }
}
