import { createWorkflow, transform, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { getCampaignStep } from "./steps/get-campaign"
import { renderTestTextStep, type RenderedTestText } from "./steps/render-test-text"
import { sendTestTextStep, type SentTestText } from "./steps/send-test-text"

/** The step and variant to send, and where. */
export type SendTestTextWorkflowInput = {
  /** The campaign's ID. */
  campaign_id: string
  /** The position of an SMS step of the campaign. */
  step_position: number
  /** A variant of that step; its first variant by name when omitted. */
  variant_id?: string
  /** The number to text, in E.164. */
  to: string
  /** The ID of the admin user asking for it. */
  requested_by: string
}

export type SendTestTextWorkflowOutput = RenderedTestText & SentTestText

export const sendTestTextWorkflowId = "send-sms-test-text"
/**
 * This workflow texts an admin what a campaign step's variant looks like on a phone: the
 * variant rendered for the preview's sample cart, sent through Medusa's notification module
 * and marked as a test. It records no message, so the stats never count it; its link belongs
 * to no recovery, so no click is credited; its discount code is a sample, so no promotion is
 * created.
 *
 * It's used by the `POST /admin/sms-recovery/test-send` route.
 *
 * @example
 * const { result } = await sendTestTextWorkflow(container).run({
 *   input: { campaign_id: "smscmp_123", step_position: 1, to: "+14155550123", requested_by: "user_123" },
 * })
 */
export const sendTestTextWorkflow = createWorkflow(
  sendTestTextWorkflowId,
  (input: WorkflowData<SendTestTextWorkflowInput>) => {
    const campaign = getCampaignStep(input.campaign_id)
    const rendered = renderTestTextStep({
      campaign_id: input.campaign_id,
      campaign,
      step_position: input.step_position,
      variant_id: input.variant_id,
    })
    const sent = sendTestTextStep(
      transform({ input, rendered }, ({ input, rendered }) => ({
        to: input.to,
        text: rendered.text,
        requested_by: input.requested_by,
        campaign_id: input.campaign_id,
        step_position: rendered.step_position,
        variant_id: rendered.variant_id,
      }))
    )
    const result = transform({ rendered, sent }, ({ rendered, sent }): SendTestTextWorkflowOutput => ({
      ...rendered,
      ...sent,
    }))
    return new WorkflowResponse(result)
  }
)
