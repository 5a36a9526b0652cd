import { MedusaError } from "@medusajs/framework/utils"
import { discountExpiresAt, SAMPLE_DISCOUNT_CODE } from "../../lib/discount-code"
import { formatMoney } from "../../lib/money"
import { returningFlag } from "../../lib/order-history"
import { formatExpiryDay, incentiveLabel } from "../../lib/reminder-format"
import { analyzeSegments, type SmsEncoding } from "../../lib/segments"
import { renderTemplate, type TemplateVariable } from "../../lib/template"
import { DEFAULT_CAMPAIGN } from "../../modules/sms_recovery/default-campaign"
import type { SmsRecoveryOptions } from "../../modules/sms_recovery"
import type { CampaignDetail, CampaignStepDetail } from "./campaign-detail"
import {
  formatProblems,
  templateProblems,
  type TemplateOptions,
} from "./template-problems"

/** As long as the codes the engine puts in links, so the segment count is the real one. */
const SAMPLE_LINK_CODE = "x7Kp9qLm2Zt4"
const SAMPLE_CURRENCY = "usd"
const SAMPLE_ORDERS_COUNT = 2

export type PreviewOptions = TemplateOptions &
  Pick<SmsRecoveryOptions, "publicUrl" | "defaultTimezone">

/** What to preview: a template, optionally as a step of the campaign sends it. */
export type TemplatePreviewRequest = {
  template: string
  step_position?: number
  /** Values that replace the sample ones, by variable name. */
  variables?: Record<string, string>
}

export type TemplatePreview = {
  text: string
  encoding: SmsEncoding
  segments: number
  characters: number
  /** Units that still fit before the text costs one more segment. */
  characters_left: number
  ucs2_characters: string[]
  /** The values the text was rendered with: the samples, overridden by the request's. */
  variables: Record<string, string>
}

/**
 * Renders a template with realistic sample values, as the step at `step_position` would send
 * it, and counts the segments it costs. Throws a 400 naming every problem when the template
 * could not be saved.
 */
export function previewTemplate(
  request: TemplatePreviewRequest,
  options: PreviewOptions,
  campaign: CampaignDetail | undefined,
  now: Date
): TemplatePreview {
  const step = stepAt(campaign, request.step_position)
  const problems = templateProblems(request.template, options, {
    optOutLine: campaign?.opt_out_line ?? DEFAULT_CAMPAIGN.opt_out_line,
    channel: step?.channel ?? "sms",
  })
  if (problems.length > 0) {
    throw invalid(formatProblems("template", problems))
  }
  const variables = { ...sampleVariables(options, step, now), ...request.variables }
  const text = renderTemplate(request.template, variables)
  const { encoding, segments, characters, ucs2Characters, charactersLeft } = analyzeSegments(text)
  return {
    text,
    encoding,
    segments,
    characters,
    characters_left: charactersLeft,
    ucs2_characters: ucs2Characters,
    variables,
  }
}

function stepAt(
  campaign: CampaignDetail | undefined,
  position: number | undefined
): CampaignStepDetail | undefined {
  if (!campaign || position === undefined) {
    return undefined
  }
  const step = campaign.steps.find((candidate) => candidate.position === position)
  if (!step) {
    throw invalid(`step_position: campaign ${campaign.id} has no step ${position}`)
  }
  return step
}

function sampleVariables(
  options: PreviewOptions,
  step: CampaignStepDetail | undefined,
  now: Date
): Record<TemplateVariable, string> {
  return {
    first_name: "Ana",
    brand: options.brandName,
    link: `${options.publicUrl}/sms/r/${SAMPLE_LINK_CODE}`,
    item_count: "2",
    top_item: "Linen Shirt",
    cart_total: formatMoney(98, SAMPLE_CURRENCY),
    discount_code: SAMPLE_DISCOUNT_CODE,
    discount_value: discountValue(step),
    expires_at: formatExpiryDay(discountExpiresAt(now, step?.incentive_expiry_hours), options.defaultTimezone),
    stock_left: "3",
    low_stock_item: "Linen Shirt",
    is_returning: returningFlag(SAMPLE_ORDERS_COUNT),
    orders_count: String(SAMPLE_ORDERS_COUNT),
  }
}

/** The step's own incentive, as the engine names it; a 10% sample for a step without one. */
function discountValue(step: CampaignStepDetail | undefined): string {
  return step?.incentive_type
    ? incentiveLabel(step.incentive_type, Number(step.incentive_value ?? 0), SAMPLE_CURRENCY)
    : "10%"
}

function invalid(message: string): MedusaError {
  return new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid request: ${message}`)
}
