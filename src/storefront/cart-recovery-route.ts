/**
 * The storefront's cart-restore route for recovery links, as a Next.js App Router route
 * handler (web-standard `Request` in, `Response` out, nothing imported from Next).
 */

/** The Next.js starter's cart cookie. */
export const STARTER_CART_COOKIE = "_medusa_cart_id"

const WEEK_SECONDS = 60 * 60 * 24 * 7

/** Why a recovery link could not restore a cart, as the friendly landing page says it. */
export type CartRecoveryMiss = "link_expired" | "cart_completed" | "cart_unavailable"

export type CartRecoveryRouteOptions = {
  /** The Medusa backend. Defaults to `MEDUSA_BACKEND_URL`, then `NEXT_PUBLIC_MEDUSA_BACKEND_URL`. */
  backendUrl?: string
  /** The store's publishable API key. Defaults to `NEXT_PUBLIC_MEDUSA_PUBLISHABLE_KEY`. */
  publishableKey?: string
  /** Where the restored cart is shown. Defaults to the starter's `/<countryCode>/cart`. */
  cartPath?: (countryCode: string | undefined) => string
  /** Where "Continue shopping" leads. Defaults to `/<countryCode>`. */
  storePath?: (countryCode: string | undefined) => string
  /** Defaults to the starter's `_medusa_cart_id`. */
  cookieName?: string
  /** Defaults to 7 days, as the starter's. */
  cookieMaxAgeSeconds?: number
  /** Defaults to `NODE_ENV === "production"`, as the starter's. */
  secureCookie?: boolean
  /** The landing page's wording, per reason and for the way on. */
  messages?: Partial<Record<CartRecoveryMiss | "continue_shopping" | "opening_cart", string>>
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch
}

/** The `[countryCode]` and `[id]` (the token) segments of the starter's route. */
export type CartRecoveryRouteParams = { countryCode?: string; id?: string; token?: string }

/** Next 15 passes `params` as a promise, Next 14 as an object: both are accepted. */
export type CartRecoveryRouteContext = {
  params: CartRecoveryRouteParams | Promise<CartRecoveryRouteParams>
}

const DEFAULT_MESSAGES: Record<CartRecoveryMiss | "continue_shopping" | "opening_cart", string> = {
  link_expired:
    "This cart link has expired. Open the link in your text again, or keep shopping: your cart may still be in this browser.",
  cart_completed: "Good news: this order has already been placed. Thank you!",
  cart_unavailable: "We couldn't find that cart any more. Everything in the store is still here for you.",
  continue_shopping: "Continue shopping",
  opening_cart: "Opening your cart…",
}

type CartLookup = { found: true; completed: boolean } | { found: false }

/**
 * Builds the `GET` handler of `app/[countryCode]/(main)/cart/recover/[id]/route.ts`: it
 * exchanges the link's token for the cart on the server, checks the cart is there and not
 * completed, sets the cart cookie and opens the cart, with the recovery text's code on it.
 *
 * It answers with a small page that sets the cookie and then navigates, not with a redirect:
 * a tap in a messaging app is a cross-site navigation, and a `SameSite=Strict` cookie set on a
 * cross-site redirect chain is not sent on the redirect's own request, so the cart page would
 * load empty. The page's own navigation is same-site, so the cookie goes with it. A token that
 * is expired, used or forged, or a cart that is gone or completed, lands on a friendly page with
 * a way into the store: never an error page, never someone else's cart.
 */
export function createCartRecoveryRoute(options: CartRecoveryRouteOptions = {}) {
  return async function GET(request: Request, context: CartRecoveryRouteContext): Promise<Response> {
    const params = await context.params
    const token = params.id ?? params.token ?? ""
    const messages = { ...DEFAULT_MESSAGES, ...options.messages }
    const storeHref = (options.storePath ?? defaultStorePath)(params.countryCode)
    const miss = (reason: CartRecoveryMiss) =>
      htmlResponse(landingPage(messages[reason], storeHref, messages.continue_shopping))

    const backend = backendSettings(options)
    const cartId = await exchangeToken(backend, token)
    if (!cartId) {
      return miss("link_expired")
    }
    const cart = await lookUpCart(backend, cartId)
    if (!cart.found) {
      return miss("cart_unavailable")
    }
    if (cart.completed) {
      return miss("cart_completed")
    }

    const cartHref = withUtm((options.cartPath ?? defaultCartPath)(params.countryCode), request.url)
    const response = htmlResponse(openingPage(cartHref, messages.opening_cart))
    response.headers.append(
      "Set-Cookie",
      cartCookie(options.cookieName ?? STARTER_CART_COOKIE, cartId, {
        maxAge: options.cookieMaxAgeSeconds ?? WEEK_SECONDS,
        secure: options.secureCookie ?? process.env.NODE_ENV === "production",
      })
    )
    return response
  }
}

type Backend = { url: string; publishableKey: string; fetch: typeof fetch }

function backendSettings(options: CartRecoveryRouteOptions): Backend {
  const url = options.backendUrl ?? process.env.MEDUSA_BACKEND_URL ?? process.env.NEXT_PUBLIC_MEDUSA_BACKEND_URL
  const publishableKey = options.publishableKey ?? process.env.NEXT_PUBLIC_MEDUSA_PUBLISHABLE_KEY
  if (!url || !publishableKey) {
    throw new Error(
      "createCartRecoveryRoute needs the Medusa backend URL and publishable key (options, or MEDUSA_BACKEND_URL and NEXT_PUBLIC_MEDUSA_PUBLISHABLE_KEY)"
    )
  }
  return { url: url.replace(/\/+$/, ""), publishableKey, fetch: options.fetch ?? fetch }
}

async function exchangeToken(backend: Backend, token: string): Promise<string | null> {
  if (!token) {
    return null
  }
  const response = await backend.fetch(`${backend.url}/store/sms-recovery/cart-token`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-publishable-api-key": backend.publishableKey },
    body: JSON.stringify({ token }),
    cache: "no-store",
  })
  if (!response.ok) {
    return null
  }
  const body = (await response.json()) as { cart_id?: unknown }
  return typeof body.cart_id === "string" && body.cart_id ? body.cart_id : null
}

async function lookUpCart(backend: Backend, cartId: string): Promise<CartLookup> {
  const response = await backend.fetch(
    `${backend.url}/store/carts/${encodeURIComponent(cartId)}?fields=id,completed_at`,
    { headers: { "x-publishable-api-key": backend.publishableKey }, cache: "no-store" }
  )
  if (!response.ok) {
    return { found: false }
  }
  const { cart } = (await response.json()) as { cart?: { completed_at?: string | null } }
  return cart ? { found: true, completed: !!cart.completed_at } : { found: false }
}

function defaultCartPath(countryCode: string | undefined): string {
  return countryCode ? `/${encodeURIComponent(countryCode)}/cart` : "/cart"
}

function defaultStorePath(countryCode: string | undefined): string {
  return countryCode ? `/${encodeURIComponent(countryCode)}` : "/"
}

/** The cart page keeps the link's `utm_*` parameters, so analytics credit the text. */
function withUtm(path: string, requestUrl: string): string {
  const utm = [...new URL(requestUrl).searchParams].filter(([name]) => name.startsWith("utm_"))
  if (!utm.length) {
    return path
  }
  return `${path}${path.includes("?") ? "&" : "?"}${new URLSearchParams(utm).toString()}`
}

function cartCookie(name: string, value: string, options: { maxAge: number; secure: boolean }): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    "Path=/",
    `Max-Age=${options.maxAge}`,
    "HttpOnly",
    "SameSite=Strict",
    ...(options.secure ? ["Secure"] : []),
  ].join("; ")
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}

function htmlResponse(html: string): Response {
  return new Response(html, {
    status: 200,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      // The token in this page's URL is spent, but it has no business in another site's logs.
      "Referrer-Policy": "no-referrer",
      "X-Robots-Tag": "noindex",
    },
  })
}

function page(head: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">${head}<style>body{font-family:system-ui,sans-serif;display:grid;place-items:center;min-height:90vh;margin:0;padding:1rem;color:#111}main{max-width:28rem;text-align:center}a{color:inherit}</style></head><body><main>${body}</main></body></html>`
}

/**
 * Navigates on, same-site, from the page that set the cookie: the meta refresh works without
 * script, the script is faster.
 */
function openingPage(cartHref: string, text: string): string {
  const href = escapeHtml(cartHref)
  return page(
    `<meta http-equiv="refresh" content="0;url=${href}"><title>${escapeHtml(text)}</title>`,
    `<p><a href="${href}">${escapeHtml(text)}</a></p><script>location.replace(${JSON.stringify(cartHref).replace(/</g, "\\u003c")})</script>`
  )
}

function landingPage(note: string, storeHref: string, linkText: string): string {
  return page(
    `<title>${escapeHtml(linkText)}</title>`,
    `<p role="status">${escapeHtml(note)}</p><p><a href="${escapeHtml(storeHref)}">${escapeHtml(linkText)}</a></p>`
  )
}
