import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { readFile } from "node:fs/promises"

/** Linux's clock ticks per second, the unit of /proc/<pid>/stat's CPU times. */
const TICKS_PER_SECOND = 100

/**
 * CPU time of the other processes a sweep keeps busy on this machine, read from /proc: the
 * PostgreSQL server processes serving the bench's database and the Sinch simulator (its pid
 * comes from `npm run bench` as `BENCH_SIMULATOR_PID`). On a machine of two cores the app,
 * the database and the simulator share them: their CPU per text together bounds throughput.
 */
export class OtherProcessesCpu {
  private constructor(
    private readonly container: MedusaContainer,
    private readonly before: Map<number, number>,
    private readonly simulatorBefore: number | null
  ) {}

  static async start(container: MedusaContainer): Promise<OtherProcessesCpu> {
    const before = new Map<number, number>()
    for (const pid of await databasePids(container)) {
      before.set(pid, (await cpuMs(pid)) ?? 0)
    }
    const simulator = simulatorPid()
    return new OtherProcessesCpu(container, before, simulator === null ? null : await cpuMs(simulator))
  }

  /** Milliseconds of CPU since start; a database process started meanwhile counts whole. */
  async stop(): Promise<{ databaseMs: number; simulatorMs: number | null }> {
    let databaseMs = 0
    for (const pid of await databasePids(this.container)) {
      databaseMs += ((await cpuMs(pid)) ?? 0) - (this.before.get(pid) ?? 0)
    }
    const simulator = simulatorPid()
    const simulatorNow = simulator === null ? null : await cpuMs(simulator)
    return {
      databaseMs,
      simulatorMs: simulatorNow === null || this.simulatorBefore === null ? null : simulatorNow - this.simulatorBefore,
    }
  }
}

async function databasePids(container: MedusaContainer): Promise<number[]> {
  const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const { rows } = await pg.raw(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`)
  return (rows as { pid: number }[]).map((row) => row.pid)
}

function simulatorPid(): number | null {
  const pid = Number(process.env.BENCH_SIMULATOR_PID)
  return Number.isInteger(pid) && pid > 0 ? pid : null
}

/** User plus system CPU of a process in ms, or `null` when it is gone (or not on Linux). */
async function cpuMs(pid: number): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8")
    // The command name may hold spaces: the fields counted from after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND
  } catch {
    return null
  }
}

/** The bench's lines for the other processes' CPU per text, each name after `prefix`. */
export function otherProcessesCpuLines(
  prefix: string,
  cpu: { databaseMs: number; simulatorMs: number | null },
  texts: number
): { name: string; value: number; unit: string }[] {
  const perText = (ms: number) => Math.round((ms / texts) * 100) / 100
  return [
    { name: `${prefix}database CPU per text (the bench database's server processes)`, value: perText(cpu.databaseMs), unit: "ms" },
    ...(cpu.simulatorMs === null
      ? []
      : [{ name: `${prefix}simulator CPU per text`, value: perText(cpu.simulatorMs), unit: "ms" }]),
  ]
}
