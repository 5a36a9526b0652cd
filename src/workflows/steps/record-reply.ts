import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMS_RECOVERY_MODULE } from "../../modules/sms_recovery"
import type { NewReply, ReplyRow } from "../../modules/sms_recovery/queries/replies"
import type SmsRecoveryModuleService from "../../modules/sms_recovery/service"

export type RecordReplyStepInput = NewReply

export type RecordReplyStepOutput = {
  /** The reply, stored by this run or by an earlier application of the same text. */
  reply: ReplyRow
  /** Whether this run stored it. */
  created: boolean
}

export const recordReplyStepId = "record-sms-reply"
/**
 * This step stores a shopper's reply (a text that is not a keyword) once per Sinch inbound id,
 * linked to the recovery, cart and customer of the last reminder the number got before the
 * reply arrived; without one, to the customer of the number's consent, if any. An application
 * of a text already stored returns the stored reply. Two applications of one text at once
 * cannot both store it (the inbound id is unique): the second fails, and the callback's retry
 * finds the reply.
 *
 * Compensation deletes the reply if this run stored it, so a retry of the callback stores it
 * again.
 */
export const recordReplyStep = createStep(
  recordReplyStepId,
  async (input: RecordReplyStepInput, { container }) => {
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const [stored] = await smsRecovery.listReplies({ inbound_message_id: input.inbound_message_id }, { take: 1 })
    if (stored) {
      return new StepResponse<RecordReplyStepOutput, string | null>({ reply: stored as ReplyRow, created: false }, null)
    }
    const receivedAt = new Date(input.received_at)
    const [lastText] = await smsRecovery.listMessages(
      { to: input.phone, channel: "sms", status: ["sent", "delivered"], sent_at: { $lte: receivedAt } },
      {
        select: ["id", "recovery_id", "recovery.cart_id", "recovery.customer_id"],
        relations: ["recovery"],
        order: { sent_at: "DESC", id: "DESC" },
        take: 1,
      }
    )
    const recovery = lastText?.recovery as { id: string; cart_id: string; customer_id: string | null } | undefined
    const [consent] = recovery?.customer_id
      ? []
      : await smsRecovery.listConsents({ phone: input.phone }, { select: ["customer_id"], take: 1 })
    const reply = await smsRecovery.createReplies({
      phone: input.phone,
      body: input.body,
      received_at: receivedAt,
      inbound_message_id: input.inbound_message_id,
      recovery_id: lastText?.recovery_id ?? null,
      cart_id: recovery?.cart_id ?? null,
      customer_id: recovery?.customer_id ?? consent?.customer_id ?? null,
    })
    return new StepResponse<RecordReplyStepOutput, string | null>({ reply: reply as ReplyRow, created: true }, reply.id)
  },
  async (createdId, { container }) => {
    if (!createdId) {
      return
    }
    const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    await smsRecovery.deleteReplies(createdId)
  }
)
