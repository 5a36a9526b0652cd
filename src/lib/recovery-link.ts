/**
 * What `/sms/r/:code` accepts before touching the database. Wider than the 12 characters the
 * engine issues today, so a later change of length keeps old links working.
 */
export const RECOVERY_LINK_CODE_PATTERN = /^[A-Za-z0-9]{8,32}$/

/** UTM parameters every recovery redirect carries, so the storefront's analytics see SMS. */
export const RECOVERY_LINK_UTM = {
  utm_source: "sms",
  utm_medium: "sms",
  utm_campaign: "cart_recovery",
} as const

export function isRecoveryLinkCode(code: unknown): code is string {
  return typeof code === "string" && RECOVERY_LINK_CODE_PATTERN.test(code)
}

/** Replaced by a short-lived signed token the storefront exchanges for the cart server-side. */
export const RECOVERY_PATH_TOKEN = "{token}"
/**
 * Replaced by the raw cart id. Still honoured for storefronts built on it, but it puts a bearer
 * credential in the URL: with the public publishable key, the cart id reads the guest's email,
 * address and phone, and URLs end up in browser history, Referer headers and analytics.
 */
export const RECOVERY_PATH_CART_ID = "{cart_id}"

export type RecoveryUrlInput = {
  /** The storefront's base URL, without a trailing slash (the options loader strips it). */
  storefrontUrl: string
  /** Storefront path with a `{token}` (or `{cart_id}`) placeholder; may carry its own query string. */
  recoveryPath: string
  /** The signed cart token, for `{token}`. */
  token: string
  /** The cart id, for `{cart_id}` only. */
  cartId: string
  /** Position of the reminder whose link was clicked: becomes `utm_content=step-<n>`. */
  stepPosition?: number | null
}

/**
 * The storefront page that restores the cart: `storefrontUrl + recoveryPath` with the token
 * (or, where a store asked for it, the cart id) filled in and the UTM parameters added.
 * Parameters the path already has are kept; a UTM parameter it sets itself is replaced, so
 * reports never see two sources.
 */
export function buildRecoveryUrl(input: RecoveryUrlInput): string {
  const path = input.recoveryPath
    .split(RECOVERY_PATH_TOKEN)
    .join(encodeURIComponent(input.token))
    .split(RECOVERY_PATH_CART_ID)
    .join(encodeURIComponent(input.cartId))
  const url = new URL(`${input.storefrontUrl}${path}`)
  for (const [name, value] of Object.entries(RECOVERY_LINK_UTM)) {
    url.searchParams.set(name, value)
  }
  if (input.stepPosition != null) {
    url.searchParams.set("utm_content", `step-${input.stepPosition}`)
  }
  return url.toString()
}
