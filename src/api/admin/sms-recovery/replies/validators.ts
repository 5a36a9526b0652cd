import { z } from "@medusajs/framework/zod"
import type { SmsRecoveryOptions } from "../../../../modules/sms_recovery/options"
import { queryPhoneField } from "../../../store/sms-recovery/validators"

export const MAX_REPLIES_LIMIT = 100

const Id = z.string().min(1).max(100)

/** `GET /admin/sms-recovery/replies`: filters and offset paging, newest first. */
export const AdminGetSmsRecoveryReplies = (options: SmsRecoveryOptions) =>
  z
    .object({
      phone: queryPhoneField(options.defaultCountry).optional(),
      recovery_id: Id.optional(),
      cart_id: Id.optional(),
      limit: z.coerce.number().int().min(1).max(MAX_REPLIES_LIMIT).default(20),
      offset: z.coerce.number().int().min(0).default(0),
    })
    .strict()

export type AdminGetSmsRecoveryRepliesType = z.output<ReturnType<typeof AdminGetSmsRecoveryReplies>>
