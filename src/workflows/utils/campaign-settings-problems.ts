import { stepTimingProblems } from "../../lib/recovery-schedule"
import type { CampaignSettingsInput, CampaignStepInput } from "../update-campaign"
import type { CampaignDetail } from "./campaign-detail"

/** The stored values that rules across fields compare a change with. */
export type StoredCampaignSettings = Pick<
  CampaignDetail,
  "quiet_hours_start" | "quiet_hours_end" | "min_cart_total" | "max_cart_total"
>

/**
 * Problems of settings checked across fields, each naming the field given: the send window and
 * the cart-total range, against the stored values (or a new campaign's defaults) for the fields
 * not given.
 */
export function campaignSettingsProblems(stored: StoredCampaignSettings, input: CampaignSettingsInput): string[] {
  return [...sendWindowProblems(stored, input), ...cartTotalProblems(stored, input)]
}

/** Windows never span midnight, so the start must come first. */
function sendWindowProblems(stored: StoredCampaignSettings, input: CampaignSettingsInput): string[] {
  const start = input.quiet_hours_start ?? stored.quiet_hours_start
  const end = input.quiet_hours_end ?? stored.quiet_hours_end
  if (start < end) {
    return []
  }
  return input.quiet_hours_end === undefined
    ? [`quiet_hours_start: must be earlier than quiet_hours_end (${end}); the window cannot span midnight`]
    : [`quiet_hours_end: must be later than quiet_hours_start (${start}); the window cannot span midnight`]
}

/** A cart cannot be worth less than the minimum and more than the maximum at once. */
function cartTotalProblems(stored: StoredCampaignSettings, input: CampaignSettingsInput): string[] {
  const min = input.min_cart_total === undefined ? stored.min_cart_total : input.min_cart_total
  const max = input.max_cart_total === undefined ? stored.max_cart_total : input.max_cart_total
  if (min === null || max === null || min <= max) {
    return []
  }
  return input.max_cart_total === undefined
    ? [`min_cart_total: must be at most max_cart_total (${max})`]
    : [`max_cart_total: must be at least min_cart_total (${min})`]
}

/** Delays are whole minutes, and no step can fall due before the one it follows. */
export function delayProblems(steps: CampaignStepInput[]): string[] {
  const malformed = steps.flatMap((step, index) => [
    ...(isMinutes(step.delay_minutes) ? [] : [`steps.${index}.delay_minutes: must be a whole number of minutes, 0 or more`]),
    ...step.variants.flatMap((variant, variantIndex) =>
      variant.delay_minutes === null || variant.delay_minutes === undefined || isMinutes(variant.delay_minutes)
        ? []
        : [`steps.${index}.variants.${variantIndex}.delay_minutes: must be a whole number of minutes, 0 or more, or null for the step's delay`]
    ),
  ])
  if (malformed.length) {
    return malformed
  }
  return stepTimingProblems(steps).map((problem) => `steps.${problem.path.join(".")}: ${problem.message}`)
}

function isMinutes(value: unknown): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= 0
}
