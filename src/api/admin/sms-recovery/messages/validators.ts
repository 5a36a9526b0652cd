import { z } from "@medusajs/framework/zod"
import { MESSAGE_STATUSES } from "../../../../modules/sms_recovery/models/message"

export const MAX_MESSAGES_LIMIT = 100

const Id = z.string().min(1).max(100)

type MessageStatus = (typeof MESSAGE_STATUSES)[number]

const isMessageStatus = (value: string): value is MessageStatus =>
  (MESSAGE_STATUSES as readonly string[]).includes(value)

/**
 * `status=sent,delivered` or `status[]=sent&status[]=delivered`. A custom issue, since
 * Medusa reports an enum mismatch inside a split list as a missing field.
 */
const Statuses = z.preprocess(
  (value) => (typeof value === "string" ? value.split(",") : value),
  z
    .array(
      z.string().refine(isMessageStatus, {
        message: `Field 'status' must be one of: ${MESSAGE_STATUSES.join(", ")}`,
      })
    )
    .min(1)
    .transform((statuses) => statuses as MessageStatus[])
)

/** `GET /admin/sms-recovery/messages`: filters and offset paging, newest first. */
export const AdminGetSmsRecoveryMessagesParams = z
  .object({
    recovery_id: Id.optional(),
    cart_id: Id.optional(),
    order_id: Id.optional(),
    status: Statuses.optional(),
    limit: z.coerce.number().int().min(1).max(MAX_MESSAGES_LIMIT).default(20),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()

export type AdminGetSmsRecoveryMessagesParamsType = z.infer<typeof AdminGetSmsRecoveryMessagesParams>
