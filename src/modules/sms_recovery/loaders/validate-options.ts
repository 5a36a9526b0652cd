import type { LoaderOptions } from "@medusajs/framework/types"
import { parseSmsRecoveryOptions } from "../options"

/** Stops boot with a message naming the bad option, before anything can be sent with it. */
export default async function validateOptionsLoader({ options }: LoaderOptions) {
  parseSmsRecoveryOptions(options)
}
