/**
 * The clock every process of a multi-process run sweeps by, shared through the environment
 * (`MULTI_PROCESS_CLOCK=<start ms>,<real start ms>,<speed>`): it starts at a daytime moment
 * in every US time zone, so no text waits for quiet hours whenever the run happens, and runs
 * `speed` times faster than real time, so a failed send's retry (a minute at least) falls due
 * within seconds. All processes map real time to it the same way, so a claim's lease means
 * the same to each of them.
 */
export function sweepClock(): () => Date {
  const raw = process.env.MULTI_PROCESS_CLOCK
  const [start, realStart, speed] = (raw ?? "").split(",").map(Number)
  if (![start, realStart, speed].every(Number.isFinite) || speed <= 0) {
    throw new Error(`MULTI_PROCESS_CLOCK must be "<start ms>,<real start ms>,<speed>", got "${raw}"`)
  }
  return () => new Date(start + (Date.now() - realStart) * speed)
}

/** Real seconds as seconds of the shared clock. */
export function clockSeconds(realSeconds: number): number {
  const speed = Number((process.env.MULTI_PROCESS_CLOCK ?? "").split(",")[2])
  return Math.round(realSeconds * speed)
}
