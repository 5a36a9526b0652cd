import { z } from "@medusajs/framework/zod"
import { normalizePhone, type CountryCode } from "../../../lib/phone"
import type { SmsRecoveryOptions } from "../../../modules/sms_recovery/options"

/** Longest consent wording stored; a checkbox label is a sentence or two. */
export const MAX_CONSENT_TEXT_LENGTH = 2000

/**
 * A phone number as a shopper or admin types it, read in the store's default country and
 * turned into `{ e164, country }`; anything that is not a valid number (letters, too short,
 * a short code) is refused with a message naming the field.
 */
export function phoneField(defaultCountry: string, field = "phone") {
  return z
    .string()
    .max(32)
    .transform((value, ctx) => {
      const phone = normalizePhone(value, defaultCountry as CountryCode)
      if (!phone) {
        ctx.issues.push({
          code: "custom",
          input: value,
          message: `Field '${field}' must be a valid phone number, in international format (+14155550123) or a number of ${defaultCountry}`,
        })
        return z.NEVER
      }
      return phone
    })
}

export const StorePostConsent = (options: SmsRecoveryOptions) =>
  z.object({
    phone: phoneField(options.defaultCountry),
    cart_id: z.string().min(1).max(100).optional(),
    // Stored exactly as shown, so not trimmed.
    consent_text: z
      .string()
      .min(1)
      .max(MAX_CONSENT_TEXT_LENGTH)
      .refine((text) => text.trim().length > 0, "Field 'consent_text' must not be blank"),
    consent_text_version: z.string().min(1).max(100).optional(),
    source_url: z
      .url({ protocol: /^https?$/, error: "Field 'source_url' must be an http(s) URL" })
      .max(2048)
      .optional(),
    locale: z
      .string()
      .max(35)
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, "Field 'locale' must be a language tag such as en-US")
      .optional(),
  })

export type StorePostConsentType = z.output<ReturnType<typeof StorePostConsent>>

/**
 * A phone number in a query string: an unencoded `+` arrives as a space (`?phone=+1415…`), so
 * a leading space before digits is read back as the `+` it was.
 */
export function queryPhoneField(defaultCountry: string, field = "phone") {
  return z.preprocess(
    (value) => (typeof value === "string" ? value.replace(/^ (?=\d)/, "+") : value),
    phoneField(defaultCountry, field)
  )
}

export const StoreGetConsent = (options: SmsRecoveryOptions) =>
  z.object({
    phone: queryPhoneField(options.defaultCountry),
    cart_id: z.string().min(1).max(100).optional(),
  })

export type StoreGetConsentType = z.output<ReturnType<typeof StoreGetConsent>>
