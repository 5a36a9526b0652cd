import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { maskPhone } from "../../lib/phone"
import { CONSENT_TEXT_TRIGGER } from "../../lib/text-triggers"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"
import { webhookUrls } from "../../modules/sms_recovery/webhook-urls"

export type SendConsentTextStepInput = {
  /** The number in E.164. */
  to: string
  /** The text, sent as is. */
  text: string
  /** The notification's template name, e.g. `sms-recovery-opt-out`. */
  template: string
  /** Medusa sends a key once: a retried request or callback sends nothing more. */
  idempotency_key: string
}

export type SendConsentTextStepOutput = {
  /** Whether this run handed the text to the provider. */
  sent: boolean
  /** Why not: `already_sent` (the key was sent before) or `failed` (logged). */
  skipped: "already_sent" | "failed" | null
}

export const sendConsentTextStepId = "send-sms-consent-text"
/**
 * This step sends a compliance text (double opt-in request, opt-in or opt-out confirmation,
 * HELP reply) on the `sms` channel through Medusa's notification module, with an idempotency
 * key so a retry sends nothing twice.
 *
 * A failed send is logged and reported, not thrown: the consent change it confirms is already
 * recorded and must stand. There is no compensation, as a text cannot be unsent.
 */
export const sendConsentTextStep = createStep(
  sendConsentTextStepId,
  async (input: SendConsentTextStepInput, { container }) => {
    const notifications = container.resolve(Modules.NOTIFICATION)
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    const options = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE).getOptions()
    try {
      const created = await notifications.createNotifications([
        {
          to: input.to,
          channel: "sms",
          template: input.template,
          content: { text: input.text },
          idempotency_key: input.idempotency_key,
          trigger_type: CONSENT_TEXT_TRIGGER,
          // The provider asks Sinch for a delivery report, and Sinch refuses a batch that has
          // nowhere to post it unless the service plan has a default callback URL.
          provider_data: { callback_url: webhookUrls(options).delivery },
        },
      ])
      const sent = created.length > 0
      return new StepResponse<SendConsentTextStepOutput>({
        sent,
        skipped: sent ? null : "already_sent",
      })
    } catch (error) {
      logger.warn(
        `Could not send the ${input.template} text to ${maskPhone(input.to)}: ${(error as Error).message}`
      )
      return new StepResponse<SendConsentTextStepOutput>({ sent: false, skipped: "failed" })
    }
  }
)
