import type { MedusaContainer } from "@medusajs/framework/types"
import { spawn, type ChildProcess } from "node:child_process"
import { mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { duplicateTexts, emptySimulatorInbox, simulatorInbox } from "./simulator-inbox"

type Measure = { name: string; value: number; unit: string; budget?: string; ok?: boolean }
type WorkerResult = { sent: number; cpu_ms: number; finished_at: number }

/**
 * The same backlog swept by `processes` worker processes of the root app, as a store that
 * outgrows one process runs Medusa (one server plus workers): throughput counts from the
 * moment all of them are booted and warm to the moment the last finds nothing due. `seed`
 * seeds the measured carts (due by `now`) and the warm-up ones (due by `warmUpAt`).
 */
export async function measureWorkerProcesses(
  container: MedusaContainer,
  {
    processes,
    texts,
    now,
    warmUpAt,
    simulatorUrl,
  }: { processes: number; texts: number; now: Date; warmUpAt: Date; simulatorUrl: string }
): Promise<Measure[]> {
  const directory = await mkdtemp(join(tmpdir(), "sms-recovery-bench-"))
  const startFile = join(directory, "start")
  const workers = Array.from({ length: processes }, (_, index) =>
    startWorker({
      BENCH_WORKER_ID: `bench-process-${index + 1}`,
      BENCH_START_FILE: startFile,
      BENCH_NOW: now.toISOString(),
      BENCH_WARM_UP_AT: warmUpAt.toISOString(),
    })
  )
  try {
    await Promise.all(workers.map((worker) => worker.ready))
    await emptySimulatorInbox(simulatorUrl)
    const started = Date.now()
    await writeFile(startFile, "")
    const results = await Promise.all(workers.map((worker) => worker.done))
    const seconds = (Math.max(...results.map((result) => result.finished_at)) - started) / 1000
    const sent = results.reduce((sum, result) => sum + result.sent, 0)
    const duplicates = duplicateTexts(await simulatorInbox(simulatorUrl), (batch) => batch.client_reference)
    const cpuMs = results.reduce((sum, result) => sum + result.cpu_ms, 0)
    const label = `${processes} worker processes`
    return [
      { name: `texted by ${label}`, value: Math.round((sent / texts) * 1000) / 10, unit: "% of eligible carts", budget: "100 %", ok: sent === texts },
      { name: `duplicate texts from ${label}`, value: duplicates, unit: "texts", budget: "0", ok: duplicates === 0 },
      { name: `throughput, ${label}, end to end through the SDK`, value: Math.round((sent / seconds) * 10) / 10, unit: "texts/s", budget: "≥ 300", ok: sent / seconds >= 300 },
      { name: `app CPU per text, ${label} (user + system)`, value: Math.round((cpuMs / sent) * 100) / 100, unit: "ms" },
    ]
  } finally {
    workers.forEach((worker) => worker.child.kill("SIGTERM"))
    await rm(directory, { recursive: true, force: true })
  }
}

function startWorker(env: Record<string, string>): { child: ChildProcess; ready: Promise<void>; done: Promise<WorkerResult> } {
  const medusa = join(process.cwd(), "node_modules", "@medusajs", "cli", "cli.js")
  const child = spawn(process.execPath, [medusa, "exec", "./scripts/bench/sweep-worker.ts"], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  })
  const ready = settlement<void>()
  const done = settlement<WorkerResult>()
  let output = ""
  child.stdout!.on("data", (chunk) => {
    output += chunk
    if (output.includes("BENCH_WORKER_READY")) {
      ready.resolve()
    }
    const match = /BENCH_WORKER_DONE=(\{.*\})/.exec(output)
    if (match) {
      done.resolve(JSON.parse(match[1]) as WorkerResult)
    }
  })
  child.stderr!.on("data", (chunk) => (output += chunk))
  // Settled already when it exits after its report (or is stopped): rejecting then does nothing.
  child.on("exit", (code) => {
    const error = new Error(`${env.BENCH_WORKER_ID} exited with ${code}:\n${output.slice(-3000)}`)
    ready.reject(error)
    done.reject(error)
  })
  return { child, ready: ready.promise, done: done.promise }
}

function settlement<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: Error) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  // A worker that fails before it is ready rejects both; the one not awaited yet must not go unhandled.
  promise.catch(() => undefined)
  return { promise, resolve, reject }
}
