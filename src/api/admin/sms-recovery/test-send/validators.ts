import { z } from "@medusajs/framework/zod"
import type { SmsRecoveryOptions } from "../../../../modules/sms_recovery/options"
import { phoneField } from "../../../store/sms-recovery/validators"
import { atField } from "../campaigns/validators"

/** `POST /admin/sms-recovery/test-send`: a campaign step (and variant) to text to `phone`. */
export const AdminSendSmsTestText = (options: SmsRecoveryOptions) =>
  z.object({
    campaign_id: z.string().min(1),
    step_position: z.number().min(1).max(5).refine(Number.isInteger, atField("must be a whole number")),
    variant_id: z.string().min(1).optional(),
    phone: phoneField(options.defaultCountry),
  })

export type AdminSendSmsTestTextType = z.output<ReturnType<typeof AdminSendSmsTestText>>
