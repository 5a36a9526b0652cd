// A memory cgroup to run a process in, as a container with a memory limit would: Node sizes
// V8's heap from that limit, as it does in a container. Linux only, and it needs the right to
// create cgroups (root, or a delegated subtree).
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"

const ROOT = "/sys/fs/cgroup"

/**
 * Creates a cgroup limited to `mib` MiB of memory (cgroup v2 when its memory controller is
 * there, else v1's memory hierarchy). `command` turns a command line into one that joins the
 * cgroup before it starts; `remove` deletes the cgroup once nothing runs in it.
 */
export function createMemoryCgroup(mib, name) {
  const bytes = String(mib * 2 ** 20)
  const v2 = existsSync(join(ROOT, "cgroup.controllers")) && readFileSync(join(ROOT, "cgroup.controllers"), "utf8").includes("memory")
  const dir = v2 ? join(ROOT, name) : join(ROOT, "memory", name)
  try {
    mkdirSync(dir)
    writeFileSync(join(dir, v2 ? "memory.max" : "memory.limit_in_bytes"), bytes)
  } catch (error) {
    throw new Error(`a ${mib} MiB memory cgroup could not be created at ${dir} (Linux, as root): ${error.message}`)
  }
  return {
    command: (file, args) => ["/bin/sh", ["-c", `echo $$ > '${join(dir, "cgroup.procs")}' && exec "$@"`, "sh", file, ...args]],
    // The kernel lets go of a cgroup a moment after its last process exits.
    remove: async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          rmdirSync(dir)
          return
        } catch (error) {
          if (error.code !== "EBUSY" || attempt === 50) {
            throw error
          }
          await new Promise((resolve) => setTimeout(resolve, 100))
        }
      }
    },
  }
}
