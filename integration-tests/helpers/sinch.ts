import { startSinchSimulator, type SinchSimulator, type SinchSimulatorOptions } from "../../sinch-simulator/server"

/**
 * Starts a Sinch simulator before the Medusa app boots (call it in a `describe` that wraps
 * `medusaIntegrationTestRunner`) and points the root app's Sinch provider at it. Returns a
 * getter, since the simulator exists only once `beforeAll` has run.
 */
export function useSinchSimulator(
  options: SinchSimulatorOptions = {},
  providerEnv: Record<string, string> = {}
): () => SinchSimulator {
  let sim: SinchSimulator | undefined
  beforeAll(async () => {
    // As a store would set it in the Sinch dashboard; nothing is posted there unless asked.
    sim = await startSinchSimulator({ defaultCallbackUrl: "http://127.0.0.1:9/sinch/delivery", ...options })
    Object.assign(process.env, {
      SINCH_SMS_HOSTNAME: sim.url,
      SINCH_SERVICE_PLAN_ID: sim.servicePlanId,
      SINCH_API_TOKEN: sim.apiToken,
      SINCH_TIMEOUT_MS: "400",
      SINCH_MAX_RETRIES: "3",
      ...providerEnv,
    })
  })
  afterAll(async () => {
    await sim?.close()
  })
  return () => {
    if (!sim) {
      throw new Error("The Sinch simulator starts in beforeAll")
    }
    return sim
  }
}
