import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE, type SmsRecoveryModuleService } from "../../modules/sms_recovery"
import { campaignNotFound, type CampaignDetail } from "../utils/campaign-detail"
import { previewTemplate, type TemplatePreview } from "../utils/template-preview"

export type RenderTestTextStepInput = {
  campaign_id: string
  campaign: CampaignDetail | undefined
  step_position: number
  /** The step's first variant by name when omitted. */
  variant_id?: string
}

export type RenderedTestText = Pick<TemplatePreview, "text" | "encoding" | "segments"> & {
  step_position: number
  variant_id: string
  variant_name: string
}

export const renderTestTextStepId = "render-sms-test-text"
/**
 * This step renders a variant of an SMS step for the sample cart the preview uses: its link
 * leads to no recovery and its discount code is a sample, so a test text credits no click and
 * creates no code. Throws a 400 naming the field when the step or variant is not one to send.
 */
export const renderTestTextStep = createStep(
  renderTestTextStepId,
  async (input: RenderTestTextStepInput, { container }) => {
    const { campaign, step_position, variant_id } = input
    if (!campaign) {
      throw campaignNotFound(input.campaign_id)
    }
    const step = campaign.steps.find((candidate) => candidate.position === step_position)
    if (!step) {
      throw invalid(`step_position: campaign ${campaign.id} has no step ${step_position}`)
    }
    if (step.channel !== "sms") {
      throw invalid(`step_position: step ${step_position} is sent by ${step.channel}; only SMS steps can be texted as a test`)
    }
    const variant = variant_id ? step.variants.find((candidate) => candidate.id === variant_id) : step.variants[0]
    if (!variant) {
      throw invalid(`variant_id: step ${step_position} has no variant "${variant_id}"`)
    }
    const options = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE).getOptions()
    const preview = previewTemplate({ template: variant.template, step_position }, options, campaign, new Date())
    return new StepResponse<RenderedTestText>({
      text: preview.text,
      encoding: preview.encoding,
      segments: preview.segments,
      step_position,
      variant_id: variant.id,
      variant_name: variant.name,
    })
  }
)

function invalid(message: string): MedusaError {
  return new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid request: ${message}`)
}
