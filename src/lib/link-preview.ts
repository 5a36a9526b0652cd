/**
 * Fetchers that open a link to draw its preview, not a shopper tapping it: iMessage (which
 * sends `facebookexternalhit … Facebot Twitterbot`), WhatsApp, Facebook, Messenger, Telegram,
 * Slack, Discord, Skype, Teams and Outlook, LinkedIn, Pinterest, Viber, Line, Snapchat, Embedly and
 * Iframely, and the search engines' crawlers.
 */
const PREVIEW_USER_AGENT =
  /facebookexternalhit|facebot|twitterbot|whatsapp|telegrambot|slackbot|slack-imgproxy|discordbot|skypeuripreview|microsoftpreview|linkedinbot|pinterest|viber|line-poker|snapchat|embedly|iframely|googlebot|bingbot|applebot|redditbot|vkshare|bitlybot/i

export type LinkRequest = {
  method: string
  userAgent?: string | null
}

/**
 * Whether a request for a recovery link only draws its preview: a HEAD, or a GET from a
 * known preview fetcher. Counting those as clicks would credit orders to texts nobody tapped.
 */
export function isLinkPreview(request: LinkRequest): boolean {
  if (request.method.toUpperCase() === "HEAD") {
    return true
  }
  return PREVIEW_USER_AGENT.test(request.userAgent ?? "")
}
