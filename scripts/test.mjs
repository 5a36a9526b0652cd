// `npm test`: runs every jest group (unit, module integration, http integration) against a
// real PostgreSQL, starting an embedded one when no server is around.
import { spawn } from "node:child_process"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { ensurePostgres } from "./lib/postgres.mjs"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const log = (line) => console.log(`[test] ${line}`)

const server = await ensurePostgres({ root, purpose: "test", log })
let exitCode = 1
try {
  exitCode = await runJest(process.argv.slice(2), {
    DB_HOST: server.host,
    DB_PORT: String(server.port),
    DB_USERNAME: server.user,
    DB_PASSWORD: server.password,
  })
} finally {
  await server.stop()
}
process.exit(exitCode)

function runJest(args, dbEnv) {
  const env = {
    ...process.env,
    ...dbEnv,
    NODE_ENV: "test",
    SMS_RECOVERY_SWEEP_JOB: "off",
    // Medusa logs every migration and event at info level; tests show warnings and errors.
    LOG_LEVEL: process.env.LOG_LEVEL || "warn",
    MEDUSA_DISABLE_TELEMETRY: "true",
    NODE_OPTIONS: [process.env.NODE_OPTIONS, "--experimental-vm-modules"].filter(Boolean).join(" "),
  }
  const jest = join(root, "node_modules", "jest", "bin", "jest.js")
  // One test file at a time, in a worker that is replaced once a file leaves it holding more
  // than 1 GiB: each file boots a Medusa app, and in one long-lived process what they leave
  // behind adds up past the heap limit.
  const child = spawn(process.execPath, [jest, "--maxWorkers=1", "--workerIdleMemoryLimit=1024MB", "--forceExit", ...args], {
    cwd: root,
    env,
    stdio: "inherit",
  })
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve(signal ? 1 : (code ?? 1))))
}
