import { z } from "@medusajs/framework/zod"
import { getCountries } from "libphonenumber-js"
import { parseOptions } from "../../utils/parse-options"

const COUNTRIES = new Set<string>(getCountries())

const httpUrl = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
  .transform((url) => url.replace(/\/+$/, ""))

const count = z
  .number()
  .refine(Number.isInteger, "must be a whole number")
  .refine((value) => value >= 0, "must be 0 or more")

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone })
    return true
  } catch {
    return false
  }
}

export const smsRecoveryOptionsSchema = z.object({
  /** Sender name; every marketing text starts with it. */
  brandName: z.string().trim().min(1, "must not be empty").max(40, "must be at most 40 characters"),
  /** Where recovery links land. */
  storefrontUrl: httpUrl,
  /**
   * Storefront path of the cart-restore page; `{token}` is replaced by a short-lived signed
   * token the storefront exchanges for the cart. `{cart_id}` (the raw id) is still accepted.
   */
  recoveryPath: z
    .string()
    .startsWith("/", "must start with /")
    .refine(
      (path) => path.includes("{token}") || path.includes("{cart_id}"),
      "must contain {token} (or {cart_id}, which puts the cart id in the URL)"
    )
    .default("/cart/recover/{token}"),
  /** This backend's public URL, for short links and Sinch callbacks. */
  publicUrl: httpUrl,
  /** Key for signing link codes and callback URLs. */
  linkSecret: z.string().min(32, "must be at least 32 characters"),
  /** When set, inbound Sinch callbacks must carry a valid Sinch HMAC signature. */
  sinchWebhookSecret: z.string().min(1, "must not be empty").optional(),
  /** Country assumed for numbers written without a country code. */
  defaultCountry: z
    .string()
    .refine((code) => COUNTRIES.has(code), "must be an ISO 3166-1 alpha-2 code such as US")
    .default("US"),
  /** Last-resort time zone for quiet hours. */
  defaultTimezone: z
    .string()
    .refine(isTimeZone, "must be an IANA time zone such as America/New_York")
    .default("America/New_York"),
  /** Named in HELP replies. */
  supportContact: z.string().trim().min(1, "must not be empty").optional(),
  /** Linked from opt-in texts. */
  termsUrl: httpUrl.optional(),
  /** Variables a `reminderData` hook adds, so templates may use them. */
  extraTemplateVariables: z
    .array(z.string().regex(/^[a-z][a-z0-9_]*$/, "must be snake_case variable names"))
    .default([]),
  /**
   * Proxies in front of the server that append to `X-Forwarded-For` (Medusa's `trust proxy` is
   * 1); rate limits count the address the outermost of them saw.
   */
  trustedProxyHops: count.default(1),
  /** Store-wide ceiling on double opt-in texts in any hour. */
  confirmationTextsPerHour: count.default(100),
  /** Ceiling on double opt-in texts to one country's numbers in any hour. */
  confirmationTextsPerCountryPerHour: count.default(30),
  /** Countries double opt-in texts may go to; when unset, the countries of the store's regions. */
  confirmationCountries: z
    .array(
      z
        .string()
        .transform((code) => code.toUpperCase())
        .refine((code) => COUNTRIES.has(code), "must be ISO 3166-1 alpha-2 codes such as US")
    )
    .optional(),
})

export type SmsRecoveryOptionsInput = z.input<typeof smsRecoveryOptionsSchema>
export type SmsRecoveryOptions = z.output<typeof smsRecoveryOptionsSchema>

export function parseSmsRecoveryOptions(raw: unknown): SmsRecoveryOptions {
  return parseOptions(smsRecoveryOptionsSchema, raw, "medusa-sms-cart-recovery plugin")
}
