import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"

/**
 * What consent handling needs from the plugin's options and the campaign: who the texts come
 * from, where to get help, and which countries must confirm by replying YES.
 */
export type ConsentPolicy = {
  /** The sender name every text starts with. */
  brand: string
  /** Named in HELP replies; null when the store set none. */
  support_contact: string | null
  /** Linked from opt-in texts; null when the store set none. */
  terms_url: string | null
  /** Country assumed for numbers written without a country code. */
  default_country: string
  /** Countries whose numbers start `pending` until they reply YES. */
  double_opt_in_countries: string[]
  /** SMS steps of the campaign: the most reminders one abandoned cart can bring. */
  sms_steps: number
}

/** Used when no campaign exists yet (it is created on first boot). */
const DEFAULT_DOUBLE_OPT_IN_COUNTRIES = ["US"]

export const getConsentPolicyStepId = "get-sms-consent-policy"
/**
 * This step reads the consent policy: the plugin's options, and the double opt-in countries and
 * SMS step count of the enabled campaign (or the first one, while none is enabled).
 */
export const getConsentPolicyStep = createStep(
  getConsentPolicyStepId,
  async (_: void, { container }) => {
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const options = smsRecovery.getOptions()
    const [campaign] = await smsRecovery.listCampaigns(
      {},
      { relations: ["steps"], order: { enabled: "DESC", created_at: "ASC" }, take: 1 }
    )
    const steps: { channel: string }[] = campaign?.steps ?? []
    return new StepResponse<ConsentPolicy>({
      brand: options.brandName,
      support_contact: options.supportContact ?? null,
      terms_url: options.termsUrl ?? null,
      default_country: options.defaultCountry,
      double_opt_in_countries: campaign?.double_opt_in_countries ?? DEFAULT_DOUBLE_OPT_IN_COUNTRIES,
      sms_steps: steps.filter((step) => step.channel === "sms").length,
    })
  }
)
