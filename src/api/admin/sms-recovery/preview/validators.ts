import { z } from "@medusajs/framework/zod"
import { atField } from "../campaigns/validators"

export type AdminPreviewSmsTemplateType = z.infer<typeof AdminPreviewSmsTemplate>
export const AdminPreviewSmsTemplate = z
  .object({
    template: z.string().min(1).max(1000),
    /** Checks the template against this campaign's opt-out line. */
    campaign_id: z.string().min(1).optional(),
    /** Previews the text as this step of the campaign sends it: its channel and incentive. */
    step_position: z.number().min(1).max(5).refine(Number.isInteger, atField("must be a whole number")).optional(),
    /** Values that replace the sample ones, by variable name. */
    variables: z.record(z.string(), z.string().max(1000)).optional(),
  })
  .refine(
    (body) => body.step_position === undefined || body.campaign_id !== undefined,
    { path: ["step_position"], ...atField("needs campaign_id") }
  )
