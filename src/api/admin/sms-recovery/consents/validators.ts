import { z } from "@medusajs/framework/zod"
import type { SmsRecoveryOptions } from "../../../../modules/sms_recovery/options"
import { phoneField, queryPhoneField } from "../../../store/sms-recovery/validators"

export const AdminGetSmsConsents = (options: SmsRecoveryOptions) =>
  z.object({
    phone: queryPhoneField(options.defaultCountry).optional(),
    status: z.enum(["pending", "opted_in", "opted_out"]).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).default(0),
  })

export type AdminGetSmsConsentsType = z.output<ReturnType<typeof AdminGetSmsConsents>>

export const AdminEraseSmsPhone = (options: SmsRecoveryOptions) =>
  z.object({
    phone: phoneField(options.defaultCountry),
  })

export type AdminEraseSmsPhoneType = z.output<ReturnType<typeof AdminEraseSmsPhone>>
