/**
 * Sets environment variables before the Medusa app boots (call it in a `describe` that wraps
 * `medusaIntegrationTestRunner`, before it) and restores them after the suite, since every
 * suite of a run shares one process and the root app reads its options from the environment.
 */
export function useEnv(vars: Record<string, string>): void {
  const saved: Record<string, string | undefined> = {}
  beforeAll(() => {
    for (const [name, value] of Object.entries(vars)) {
      saved[name] = process.env[name]
      process.env[name] = value
    }
  })
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) {
        delete process.env[name]
      } else {
        process.env[name] = value
      }
    }
  })
}
