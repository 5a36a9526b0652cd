import { z } from "@medusajs/framework/zod"
import { SINCH_DELIVERY_STATUSES } from "../../../lib/delivery-status"
import { normalizeMsisdn } from "../../../lib/phone"

/** Longest inbound text accepted; a concatenated SMS is far shorter. */
export const MAX_INBOUND_BODY_LENGTH = 2000

function msisdnField(field: string) {
  return z
    .string()
    .max(32)
    .transform((value, ctx) => {
      const phone = normalizeMsisdn(value)
      if (!phone) {
        ctx.issues.push({
          code: "custom",
          input: value,
          message: `Field '${field}' must be a phone number (MSISDN), e.g. 14155550123`,
        })
        return z.NEVER
      }
      return phone
    })
}

function sinchDate(field: string) {
  return z
    .string()
    .max(40)
    .refine((value) => !Number.isNaN(Date.parse(value)), `Field '${field}' must be a date-time`)
    .transform((value) => new Date(value))
}

const batchId = z.string().min(1).max(100)
const clientReference = z.string().max(2048).optional()
const deliveryCode = z.number().int().min(0).max(99_999)
const deliveryStatus = z.enum(SINCH_DELIVERY_STATUSES)

/** C7: an inbound text. Fields Sinch may add later are ignored, not refused. */
export const SinchInboundText = z
  .object({
    type: z.literal("mo_text"),
    id: z.string().min(1).max(100),
    from: msisdnField("from"),
    to: z.string().min(1).max(32),
    body: z.string().max(MAX_INBOUND_BODY_LENGTH),
    received_at: sinchDate("received_at").optional(),
    sent_at: sinchDate("sent_at").optional(),
    operator_id: z.string().max(32).optional(),
    client_reference: clientReference,
  })
  // A pipe is not made strict by the validator, so unknown fields pass.
  .transform((message) => message)

export type SinchInboundTextType = z.output<typeof SinchInboundText>

const RecipientDeliveryReport = z
  .object({
    type: z.literal("recipient_delivery_report_sms"),
    batch_id: batchId,
    recipient: msisdnField("recipient"),
    code: deliveryCode,
    status: deliveryStatus,
    at: sinchDate("at").optional(),
    operator_status_at: sinchDate("operator_status_at").optional(),
    client_reference: clientReference,
  })
  .transform((report) => ({
    batch_id: report.batch_id,
    client_reference: report.client_reference ?? null,
    statuses: [
      { recipient: report.recipient.e164, status: report.status, code: report.code, at: report.at ?? null },
    ],
  }))

const BatchDeliveryReport = z
  .object({
    type: z.literal("delivery_report_sms"),
    batch_id: batchId,
    total_message_count: z.number().int().min(0).optional(),
    statuses: z
      .array(
        z.object({
          code: deliveryCode,
          status: deliveryStatus,
          count: z.number().int().min(0),
          recipients: z.array(z.string().max(32)).max(1000).optional(),
        })
      )
      .min(1)
      .max(50),
    client_reference: clientReference,
  })
  .transform((report) => ({
    batch_id: report.batch_id,
    client_reference: report.client_reference ?? null,
    // A summary names no recipient: its status applies to the batch (ours have one recipient).
    statuses: report.statuses.flatMap(({ status, code, recipients }) =>
      recipients?.length
        ? recipients.map((recipient) => ({
            recipient: normalizeMsisdn(recipient)?.e164 ?? null,
            status,
            code,
            at: null,
          }))
        : [{ recipient: null, status, code, at: null }]
    ),
  }))

/** C6: a per-recipient delivery report, or a batch's summary (or full) report. */
export const SinchDeliveryReport = z.discriminatedUnion("type", [
  RecipientDeliveryReport,
  BatchDeliveryReport,
])

export type SinchDeliveryReportType = z.output<typeof SinchDeliveryReport>

export const INBOUND_CALLBACK_TYPES = ["mo_text"] as const
export const DELIVERY_CALLBACK_TYPES = ["recipient_delivery_report_sms", "delivery_report_sms"] as const
