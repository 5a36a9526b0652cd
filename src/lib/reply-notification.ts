import { maskPhone, maskPhonesInText } from "./phone"

/** Longest reply text quoted in the admin's feed; the replies page shows the whole text. */
export const REPLY_FEED_EXCERPT_LENGTH = 280
/** A first name longer than this is someone's typing accident, not a name to put in a title. */
const MAX_NAME_LENGTH = 40

/** What the admin's feed says about a reply. */
export type ReplyFeedNotification = { title: string; description: string }

export type ReplyFeedInput = {
  /** The sender's first name, when the cart or the customer tells it. */
  first_name: string | null
  /** The sender in E.164; only its masked form is written. */
  phone: string
  /** The text as received. */
  body: string
  /** Whether the number got a cart reminder the reply can answer. */
  answers_reminder: boolean
}

/**
 * The first name to greet a sender by, as the reminder itself chose it: the cart's shipping
 * address, then its billing address, then the customer's account. Blank names are skipped.
 */
export function replySenderName(...candidates: (string | null | undefined)[]): string | null {
  for (const candidate of candidates) {
    const name = candidate?.replace(/\s+/g, " ").trim()
    if (name && name.length <= MAX_NAME_LENGTH) {
      return name
    }
  }
  return null
}

/**
 * The feed entry for a reply: "Ana replied to a cart reminder" and the text, quoted. The
 * sender is named by first name, else by masked number; numbers written in the text are
 * masked too, because notification providers log what they are given (Medusa's local one
 * does), and a long text is cut at a word.
 */
export function replyFeedNotification(input: ReplyFeedInput): ReplyFeedNotification {
  const sender = input.first_name ?? maskPhone(input.phone)
  const title = input.answers_reminder ? `${sender} replied to a cart reminder` : `${sender} texted the store`
  return { title, description: `“${excerpt(maskPhonesInText(input.body.trim()))}”` }
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, " ")
  if (flat.length <= REPLY_FEED_EXCERPT_LENGTH) {
    return flat
  }
  const cut = flat.slice(0, REPLY_FEED_EXCERPT_LENGTH - 1)
  const lastSpace = cut.lastIndexOf(" ")
  return `${lastSpace > REPLY_FEED_EXCERPT_LENGTH / 2 ? cut.slice(0, lastSpace) : cut}…`
}

/** The feed entry's idempotency key: one entry per inbound text, however often it is applied. */
export function replyFeedKey(inboundMessageId: string): string {
  return `sms-recovery:reply:${inboundMessageId}`
}

/** A text worth showing a person: not a keyword (those are handled) and not blank. */
export function isConversationalReply(body: string, keyword: string | null): boolean {
  return keyword === null && body.trim().length > 0
}
