import { generateEntityId, MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE, type SmsRecoveryModuleService } from "../../modules/sms_recovery"
import { TEST_TEXT_TRIGGER } from "../../lib/test-text"
import { webhookUrls } from "../../modules/sms_recovery/webhook-urls"

export type SendTestTextStepInput = {
  /** E.164. */
  to: string
  text: string
  /** The admin user who asked for it: the rate limit counts per user. */
  requested_by: string
  campaign_id: string
  step_position: number
  variant_id: string
}

export type SentTestText = {
  notification_id: string
  /** Sinch's batch id. */
  batch_id: string | null
  /** The reference the batch carries at Sinch, which marks it as a test. */
  client_reference: string
}

export const sendTestTextStepId = "send-sms-test-text"
/**
 * This step sends a test text through Medusa's notification module, outside any recovery: no
 * message row is written, so it is never counted in the stats. Its notification is triggered
 * by {@link TEST_TEXT_TRIGGER} for the requesting user, which is what the rate limit counts.
 * A number that opted out is refused. Nothing to compensate: a sent text cannot be recalled.
 */
export const sendTestTextStep = createStep(
  sendTestTextStepId,
  async (input: SendTestTextStepInput, { container }) => {
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const [consent] = await smsRecovery.listConsents({ phone: input.to }, { select: ["status"] })
    if (consent?.status === "opted_out") {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "Invalid request: phone: this number opted out of texts (replied STOP); a test text is not sent to it"
      )
    }
    const reference = generateEntityId(undefined, TEST_TEXT_TRIGGER)
    const notifications = container.resolve(Modules.NOTIFICATION)
    const notification = await notifications.createNotifications({
      to: input.to,
      channel: "sms",
      template: TEST_TEXT_TRIGGER,
      content: { text: input.text },
      data: {
        test: true,
        campaign_id: input.campaign_id,
        step_position: input.step_position,
        variant_id: input.variant_id,
      },
      idempotency_key: reference,
      trigger_type: TEST_TEXT_TRIGGER,
      resource_type: "user",
      resource_id: input.requested_by,
      // Sinch wants a callback for the delivery report it is asked for; a report of a test
      // text matches no message and changes nothing.
      provider_data: { client_reference: reference, callback_url: webhookUrls(smsRecovery.getOptions()).delivery },
    })
    return new StepResponse<SentTestText>({
      notification_id: notification!.id,
      batch_id: notification!.external_id ?? null,
      client_reference: reference,
    })
  }
)
