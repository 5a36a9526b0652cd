import { z } from "@medusajs/framework/zod"

const DAY_MS = 86_400_000
/** A leap year: "the last twelve months" always fits. */
export const MAX_STATS_RANGE_DAYS = 366
export const DEFAULT_STATS_RANGE_DAYS = 30

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/

/**
 * An ISO 8601 date (`2026-11-01`, a UTC day) or date-time with a zone (`…T10:00:00Z`,
 * `…+02:00`). As an upper bound a date means the whole day, so `to=2026-11-30` includes it.
 * Medusa reports only the message of a custom issue, so the message names the field.
 */
function isoInstant(field: "from" | "to") {
  return z
    .string()
    .refine(
      (value) => (DATE_ONLY.test(value) || z.iso.datetime({ offset: true }).safeParse(value).success) &&
        !Number.isNaN(Date.parse(value)),
      { message: `Field '${field}' must be an ISO 8601 date (2026-11-01) or date-time (2026-11-01T00:00:00Z)` }
    )
    .transform((value) => {
      const instant = new Date(value)
      const wholeDay = field === "to" && DATE_ONLY.test(value)
      return wholeDay ? new Date(instant.getTime() + DAY_MS) : instant
    })
}

/**
 * `GET /admin/sms-recovery/stats` and `/experiments`: a half-open range `[from, to)`, by
 * default the last 30 days, at most 366 days long.
 */
export const AdminGetSmsRecoveryStatsParams = z
  .object({
    from: isoInstant("from").optional(),
    to: isoInstant("to").optional(),
    campaign_id: z.string().min(1).optional(),
  })
  .strict()
  .transform(({ from, to, campaign_id }) => {
    const end = to ?? new Date()
    const start = from ?? new Date(end.getTime() - DEFAULT_STATS_RANGE_DAYS * DAY_MS)
    return { from: start, to: end, ...(campaign_id ? { campaign_id } : {}) }
  })
  .superRefine(({ from, to }, ctx) => {
    if (from > to) {
      ctx.addIssue({ code: "custom", path: ["from"], message: "Field 'from' must not be after 'to'" })
      return
    }
    if (to.getTime() - from.getTime() > MAX_STATS_RANGE_DAYS * DAY_MS) {
      ctx.addIssue({
        code: "custom",
        path: ["to"],
        message: `Field 'to' must be at most ${MAX_STATS_RANGE_DAYS} days after 'from'`,
      })
    }
  })

export type AdminGetSmsRecoveryStatsParamsType = z.infer<typeof AdminGetSmsRecoveryStatsParams>
