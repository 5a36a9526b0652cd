import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { replyFeedKey, type ReplyFeedNotification } from "../../lib/reply-notification"

export type PostReplyToFeedStepInput = ReplyFeedNotification & {
  /** The stored reply the entry is about. */
  reply_id: string
  /** Sinch's id of the inbound message: the entry is posted once per text. */
  inbound_message_id: string
  recovery_id: string | null
  cart_id: string | null
}

export type PostReplyToFeedStepOutput = {
  /** Whether the feed has the entry (posted now or before). */
  posted: boolean
}

/** The `trigger_type` of the feed entries, to find or filter them. */
export const REPLY_FEED_TRIGGER = "sms-recovery.reply"
/** The `resource_type` of the feed entries; their `resource_id` is the reply's id. */
export const REPLY_FEED_RESOURCE = "sms_reply"

export const postReplyToFeedStepId = "post-sms-reply-to-feed"
/**
 * This step posts a reply to the Medusa admin's notification feed (channel `feed`, template
 * `admin-ui`, as Medusa's own exports do), so a person sees it and can answer. The idempotency
 * key is the inbound id, so an application retried after a failure posts once. A store with no
 * provider on `feed` keeps the reply, gets a warning in the log, and the text is applied all
 * the same.
 *
 * No compensation: a feed entry someone may have read is not taken back.
 */
export const postReplyToFeedStep = createStep(
  postReplyToFeedStepId,
  async (input: PostReplyToFeedStepInput, { container }) => {
    try {
      await container.resolve(Modules.NOTIFICATION).createNotifications([
        {
          to: "",
          channel: "feed",
          template: "admin-ui",
          data: {
            title: input.title,
            description: input.description,
            reply_id: input.reply_id,
            recovery_id: input.recovery_id,
            cart_id: input.cart_id,
          },
          trigger_type: REPLY_FEED_TRIGGER,
          resource_type: REPLY_FEED_RESOURCE,
          resource_id: input.reply_id,
          idempotency_key: replyFeedKey(input.inbound_message_id),
        },
      ])
      return new StepResponse<PostReplyToFeedStepOutput>({ posted: true })
    } catch (error) {
      container
        .resolve(ContainerRegistrationKeys.LOGGER)
        .warn(`Could not post SMS reply ${input.reply_id} to the admin feed: ${(error as Error).message}`)
      return new StepResponse<PostReplyToFeedStepOutput>({ posted: false })
    }
  }
)
