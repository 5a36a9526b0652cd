import { writeFile } from "node:fs/promises"
import { Session } from "node:inspector/promises"

/** A CPU profile of what runs between start and stop, written to `path`; nothing without one. */
export class CpuProfile {
  private constructor(
    private readonly session: Session | null,
    private readonly path: string
  ) {}

  static async start(path: string | undefined): Promise<CpuProfile> {
    if (!path) {
      return new CpuProfile(null, "")
    }
    const session = new Session()
    session.connect()
    await session.post("Profiler.enable")
    await session.post("Profiler.start")
    return new CpuProfile(session, path)
  }

  async stop() {
    if (!this.session) {
      return
    }
    const { profile } = await this.session.post("Profiler.stop")
    await writeFile(this.path, JSON.stringify(profile))
    this.session.disconnect()
    console.log(`BENCH CPU profile: ${this.path}`)
  }
}
