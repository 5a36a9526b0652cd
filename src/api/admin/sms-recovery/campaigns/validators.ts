import { z } from "@medusajs/framework/zod"
import { getCountries } from "libphonenumber-js"
import { SEGMENT_PRICE } from "../../../../lib/net-revenue"
import { stepTimingProblems } from "../../../../lib/recovery-schedule"
import { CUSTOMER_TYPES } from "../../../../modules/sms_recovery/models/campaign"

const COUNTRIES = new Set<string>(getCountries())
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/
const CURRENCY_CODE = /^[A-Za-z]{3}$/
const CHANNEL = /^[a-z][a-z0-9_-]{0,39}$/
const STOP_WORD = /\bstop\b/i
/** Thirty days: a reminder later than that no longer recovers the cart it is about. */
const MAX_DELAY_MINUTES = 43_200
const MAX_STEPS = 5
const MAX_VARIANTS = 5
const MAX_TEMPLATE_LENGTH = 1000

/**
 * Medusa's validator reports only the message of custom and format issues, so these messages
 * carry the field's path themselves: `steps.1.channel: must be …`.
 */
export function atField(message: string) {
  return { error: (issue: { path?: PropertyKey[] }) => `${fieldPath(issue.path ?? [])}: ${message}` }
}

function fieldPath(path: PropertyKey[]): string {
  return path.map(String).join(".")
}

/**
 * A whole number within bounds. `.int()` is not used: inside an array Medusa reports its
 * failure as a missing field.
 */
function wholeNumber(min: number, max: number) {
  return z.number().min(min).max(max).refine(Number.isInteger, atField("must be a whole number"))
}

const TimeOfDay = z.string().regex(TIME_OF_DAY, atField('must be a 24-hour time "HH:MM", e.g. 09:00'))

const CountryCode = z
  .string()
  .refine((code) => COUNTRIES.has(code), atField("must be an ISO 3166-1 alpha-2 country code in capitals, e.g. US"))

const IncentiveExpiryHours = wholeNumber(1, 720)

export const AdminSmsStepIncentive = z.discriminatedUnion(
  "type",
  [
    z.object({
      type: z.literal("percentage"),
      value: z.number().min(1).max(100),
      expiry_hours: IncentiveExpiryHours,
    }),
    z.object({
      type: z.literal("fixed"),
      value: z.number().refine((value) => value > 0, atField("must be greater than 0")),
      expiry_hours: IncentiveExpiryHours,
    }),
    z.object({
      type: z.literal("free_shipping"),
      expiry_hours: IncentiveExpiryHours,
    }),
  ],
  atField('must be "percentage", "fixed" or "free_shipping"')
)

export const AdminSmsStepVariant = z.object({
  id: z.string().min(1).optional(),
  name: z.string().trim().min(1).max(20),
  template: z.string().min(1).max(MAX_TEMPLATE_LENGTH),
  weight: wholeNumber(1, 100),
  /** Minutes after abandonment for this variant; `null` or omitted for the step's delay. */
  delay_minutes: wholeNumber(0, MAX_DELAY_MINUTES).nullable().optional(),
})

export const AdminSmsCampaignStep = z.object({
  id: z.string().min(1).optional(),
  delay_minutes: wholeNumber(0, MAX_DELAY_MINUTES),
  channel: z
    .string()
    .regex(CHANNEL, atField('must be "sms", "email" or a custom kind in lower case, e.g. "whatsapp"'))
    .default("sms"),
  expires_after_hours: wholeNumber(1, 168).default(24),
  incentive: AdminSmsStepIncentive.nullable().optional(),
  variants: z.array(AdminSmsStepVariant).min(1).max(MAX_VARIANTS),
})

type StepOrderInput = z.infer<typeof AdminSmsCampaignStep>

/**
 * Rules across steps: delays increase (every variant's too), ids appear once, variant names are
 * unique per step.
 */
function checkSteps(steps: StepOrderInput[], ctx: z.RefinementCtx) {
  const report = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: "custom", path, message: `steps.${path.join(".")}: ${message}` })
  const stepIds = new Set<string>()
  const variantIds = new Set<string>()
  for (const problem of stepTimingProblems(steps)) {
    report(problem.path, problem.message)
  }
  steps.forEach((step, index) => {
    if (step.id && !addOnce(stepIds, step.id)) {
      report([index, "id"], `"${step.id}" appears more than once`)
    }
    const names = new Set<string>()
    step.variants.forEach((variant, variantIndex) => {
      if (!addOnce(names, variant.name)) {
        report([index, "variants", variantIndex, "name"], `"${variant.name}" is used by another variant of this step`)
      }
      if (variant.id && !addOnce(variantIds, variant.id)) {
        report([index, "variants", variantIndex, "id"], `"${variant.id}" appears more than once`)
      }
    })
  })
}

function addOnce(seen: Set<string>, value: string): boolean {
  if (seen.has(value)) {
    return false
  }
  seen.add(value)
  return true
}

/** Ids of Medusa records, each kept once; whether they exist is checked by the workflow. */
const RecordIds = z
  .array(z.string().trim().min(1).max(100))
  .max(100)
  .transform((ids) => [...new Set(ids)])

const CurrencyCode = z
  .string()
  .regex(CURRENCY_CODE, atField("must be a 3-letter ISO 4217 currency code, e.g. usd"))
  .transform((code) => code.toLowerCase())

/**
 * Price of one billed segment per country, `{ "US": "0.0079" }`: an ISO 3166-1 alpha-2 code
 * in capitals to a decimal string in major units of the store's default currency.
 */
const SegmentPrices = z
  .record(z.string(), z.unknown())
  .superRefine((prices, ctx) => {
    for (const [country, price] of Object.entries(prices)) {
      const problem = !COUNTRIES.has(country)
        ? "is not an ISO 3166-1 alpha-2 country code in capitals, e.g. US"
        : typeof price !== "string" || !SEGMENT_PRICE.test(price)
          ? 'must be a price as a decimal string with at most six decimals, e.g. "0.0079"'
          : null
      if (problem) {
        ctx.addIssue({ code: "custom", path: [country], message: `segment_prices.${country}: ${problem}` })
      }
    }
  })
  .transform((prices) => prices as Record<string, string>)

/** Every field of a campaign an admin sets; the create and update bodies take them. */
const campaignFields = {
  name: z.string().trim().min(1).max(100),
  enabled: z.boolean(),
  /** Carts try campaigns from the highest priority down. */
  priority: wholeNumber(-1000, 1000),
  holdout_percent: wholeNumber(0, 50),
  region_ids: RecordIds,
  currency_codes: z.array(CurrencyCode).max(100).transform((codes) => [...new Set(codes)]),
  sales_channel_ids: RecordIds,
  customer_group_ids: RecordIds,
  customer_type: z.enum(CUSTOMER_TYPES),
  abandon_after_minutes: wholeNumber(5, 10_080),
  max_per_phone_per_24h: wholeNumber(1, 10),
  quiet_hours_start: TimeOfDay,
  quiet_hours_end: TimeOfDay,
  click_window_hours: wholeNumber(1, 720),
  view_window_hours: wholeNumber(0, 168),
  min_cart_total: z.number().min(0).nullable(),
  max_cart_total: z.number().min(0).nullable(),
  double_opt_in_countries: z.array(CountryCode).transform((codes) => [...new Set(codes)]),
  opt_out_line: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .refine((line) => STOP_WORD.test(line), atField("must contain the word STOP")),
  segment_prices: SegmentPrices,
  steps: z.array(AdminSmsCampaignStep).min(1).max(MAX_STEPS).superRefine(checkSteps),
}

export type AdminCreateSmsCampaignType = z.infer<typeof AdminCreateSmsCampaign>
/** A new campaign needs a name and its steps; other fields take the defaults of a new campaign. */
export const AdminCreateSmsCampaign = z.object(campaignFields).partial().required({ name: true, steps: true })

export type AdminUpdateSmsCampaignType = z.infer<typeof AdminUpdateSmsCampaign>
export const AdminUpdateSmsCampaign = z.object(campaignFields).partial()

export type AdminGetSmsCampaignParamsType = z.infer<typeof AdminGetSmsCampaignParams>
export const AdminGetSmsCampaignParams = z.object({})

export type AdminGetSmsCampaignsParamsType = z.infer<typeof AdminGetSmsCampaignsParams>
export const AdminGetSmsCampaignsParams = z.object({})
