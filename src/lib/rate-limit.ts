/** At most `limit` events in any `windowSeconds`. */
export type RateLimit = {
  limit: number
  windowSeconds: number
}

/**
 * Limits on checkout consent requests and status lookups, counted in the database so they hold
 * across server instances. A shopper ticks the box once or twice; these leave room for typos
 * and shared addresses while keeping a script from opting in strangers or pumping texts.
 */
export const CONSENT_RATE_LIMITS = {
  ip: { limit: 10, windowSeconds: 10 * 60 },
  phone: { limit: 5, windowSeconds: 60 * 60 },
} as const satisfies Record<string, RateLimit>

export type RateLimitUsage = {
  /** Events already counted in the window. */
  count: number
  /** When the oldest of them happened, if any. */
  oldestAt: Date | null
}

export type RateLimitVerdict =
  | { allowed: true }
  | { allowed: false; retryAfterSeconds: number }

/** Start of the window that ends at `now`. */
export function windowStart(limit: RateLimit, now: Date): Date {
  return new Date(now.getTime() - limit.windowSeconds * 1000)
}

/**
 * Whether one more event fits. When it does not, `retryAfterSeconds` is when the oldest
 * counted event leaves the window (at least one second).
 */
export function checkRateLimit(limit: RateLimit, usage: RateLimitUsage, now: Date): RateLimitVerdict {
  if (usage.count < limit.limit) {
    return { allowed: true }
  }
  const oldest = usage.oldestAt ?? now
  const freesAt = oldest.getTime() + limit.windowSeconds * 1000
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((freesAt - now.getTime()) / 1000)) }
}

/**
 * Limits on consent status lookups. A storefront reads a number's status a few times while the
 * shopper confirms by text; far more is someone using the route to learn about numbers.
 */
export const CONSENT_LOOKUP_RATE_LIMITS = {
  ip: { limit: 30, windowSeconds: 10 * 60 },
  phone: { limit: 10, windowSeconds: 60 * 60 },
} as const satisfies Record<string, RateLimit>

export type FixedWindow = { start: Date; end: Date }

/**
 * The window of `limit` that contains `now`, for events counted per fixed window (a counter
 * per window rather than a row per event). Windows start at multiples of their length since
 * the epoch, so every server instance agrees on them. A client can spend one window's limit
 * at its end and the next one's at the start of the next: at most twice the limit in a short
 * burst, never more in any two windows.
 */
export function fixedWindow(limit: RateLimit, now: Date): FixedWindow {
  const length = limit.windowSeconds * 1000
  const start = Math.floor(now.getTime() / length) * length
  return { start: new Date(start), end: new Date(start + length) }
}

/**
 * Whether an event that is the `hits`-th of its fixed window (itself included) fits. When it
 * does not, `retryAfterSeconds` is when the window ends (at least one second).
 */
export function checkWindowHits(
  limit: RateLimit,
  hits: number,
  window: FixedWindow,
  now: Date
): RateLimitVerdict {
  if (hits <= limit.limit) {
    return { allowed: true }
  }
  return {
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil((window.end.getTime() - now.getTime()) / 1000)),
  }
}
