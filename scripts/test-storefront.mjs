// `npm run test:storefront`: packs the plugin as a store would get it, installs the storefront
// kit from that tarball into the test storefront (a Next.js app with the starter's layout),
// builds it with `next build`, and runs the Chromium test against the root app.
import { execFileSync, spawnSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const storefront = join(root, "integration-tests", "storefront")
const started = Date.now()
const log = (line) => console.log(`[storefront ${((Date.now() - started) / 1000).toFixed(0)}s] ${line}`)
const run = (command, args, options = {}) => execFileSync(command, args, { stdio: "inherit", ...options })

if (!existsSync(process.env.CHROMIUM_PATH || "/usr/bin/chromium")) {
  run("bash", [join(root, "scripts", "ci", "ensure-chromium.sh")])
}

// Others may build at the same time: build and pack under one lock.
const packDir = mkdtempSync(join(tmpdir(), "sms-recovery-pack-"))
const build = process.env.STOREFRONT_KIT_BUILT === "1" ? "" : "npm run build && "
log(build ? "building and packing the plugin" : "packing the plugin built by CI")
run("flock", ["/tmp/plugin-build.lock", "sh", "-c", `${build}npm pack --silent --pack-destination '${packDir}'`], { cwd: root })
const tarball = join(packDir, readdirSync(packDir).find((name) => name.endsWith(".tgz")))

log("installing the test storefront")
run("npm", ["ci", "--no-audit", "--no-fund"], { cwd: storefront })
const kit = join(storefront, "node_modules", "medusa-sms-cart-recovery")
rmSync(kit, { recursive: true, force: true })
mkdirSync(kit, { recursive: true })
// The package's own files as npm would unpack them; its runtime dependencies are backend-only.
run("tar", ["-xzf", tarball, "-C", kit, "--strip-components=1"])
rmSync(packDir, { recursive: true, force: true })

log("next build")
rmSync(join(storefront, ".next"), { recursive: true, force: true })
run(process.execPath, [join(storefront, "node_modules", "next", "dist", "bin", "next"), "build"], {
  cwd: storefront,
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
})

log("Chromium test")
const result = spawnSync(process.execPath, [join(root, "scripts", "test.mjs")], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, TEST_TYPE: "storefront" },
})
log(`done, exit ${result.status}`)
process.exit(result.status ?? 1)
