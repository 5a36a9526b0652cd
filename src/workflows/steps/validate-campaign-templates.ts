import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE, type SmsRecoveryModuleService } from "../../modules/sms_recovery"
import { formatProblems, templateProblems, type TemplateOptions } from "../utils/template-problems"

type StepTemplates = { channel: string; variants: { template: string }[] }

export type ValidateCampaignTemplatesStepInput = {
  /** The line the campaign's SMS texts must end with once saved. */
  opt_out_line: string
  /** The campaign's steps once saved. */
  steps: StepTemplates[]
}

type TemplateToCheck = { path: string; template: string; channel: string }

export const validateCampaignTemplatesStepId = "validate-sms-campaign-templates"
/**
 * This step checks the templates a campaign will have once saved (on an update, the stored
 * steps when only the opt-out line changes): each must parse and use known
 * variables, and each SMS text must start with the brand and end with the opt-out line.
 * Throws one error naming every template at fault, e.g.
 * `Invalid request: steps.1.variants.0.template: unknown variables: coupon`.
 */
export const validateCampaignTemplatesStep = createStep(
  validateCampaignTemplatesStepId,
  async ({ opt_out_line: optOutLine, steps }: ValidateCampaignTemplatesStepInput, { container }) => {
    const service = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const options: TemplateOptions = service.getOptions()
    const problems = templatesOf(steps).flatMap(({ path, template, channel }) => {
      const found = templateProblems(template, options, { optOutLine, channel })
      return found.length > 0 ? [formatProblems(path, found)] : []
    })
    if (problems.length > 0) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid request: ${problems.join("; ")}`)
    }
    return new StepResponse(void 0)
  }
)

function templatesOf(steps: StepTemplates[]): TemplateToCheck[] {
  return steps.flatMap((step, index) =>
    step.variants.map((variant, variantIndex) => ({
      path: `steps.${index}.variants.${variantIndex}.template`,
      template: variant.template,
      channel: step.channel,
    }))
  )
}
