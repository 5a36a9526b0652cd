/** At most `limit` events in any `windowSeconds`. */
export type RateLimit = {
  limit: number
  windowSeconds: number
}

/**
 * Limits on checkout consent requests (SPEC §10), counted from the consent ledger so they hold
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
