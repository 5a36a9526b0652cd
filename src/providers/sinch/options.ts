import { z } from "@medusajs/framework/zod"
import { parseOptions } from "../../utils/parse-options"

export const SINCH_REGIONS = ["us", "eu", "au", "br", "ca"] as const

export const SINCH_DELIVERY_REPORTS = [
  "none",
  "summary",
  "full",
  "per_recipient",
  "per_recipient_final",
] as const

const nonEmpty = z.string().trim().min(1, "must not be empty")

export const sinchOptionsSchema = z.object({
  /** Sinch service plan id (SMS → Service APIs in the Sinch dashboard). */
  servicePlanId: nonEmpty,
  /** The service plan's API token, sent as a bearer token. */
  apiToken: nonEmpty,
  /** Where the service plan lives; Sinch stores data in that region. */
  region: z.enum(SINCH_REGIONS).default("us"),
  /** Sender: an E.164 number, a short code or an alphanumeric sender id. */
  from: nonEmpty,
  /** Base URL override, scheme included (the simulator, a proxy). Replaces `region`. */
  smsHostname: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  /** What Sinch reports back to the batch's `callback_url`. */
  deliveryReport: z.enum(SINCH_DELIVERY_REPORTS).default("per_recipient_final"),
  /** Sinch refuses to send a text that would need more parts than this. */
  maxParts: z.number().int().min(1).max(10).optional(),
  /** Per-request timeout; a timed-out send is looked up before it is retried. */
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  /** Retries after a 429, a 5xx, a timeout or a dropped connection. */
  maxRetries: z.number().int().min(0).max(10).default(3),
  /** Country assumed for numbers written without a country code. */
  defaultCountry: z
    .string()
    .regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code such as US")
    .default("US"),
})

export type SinchOptionsInput = z.input<typeof sinchOptionsSchema>
export type SinchOptions = z.output<typeof sinchOptionsSchema>

export function parseSinchOptions(raw: unknown): SinchOptions {
  return parseOptions(sinchOptionsSchema, raw, "Sinch provider")
}
