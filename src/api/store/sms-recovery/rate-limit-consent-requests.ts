import type {
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import {
  checkRateLimit,
  checkWindowHits,
  CONSENT_LOOKUP_RATE_LIMITS,
  CONSENT_RATE_LIMITS,
  fixedWindow,
  windowStart,
  type RateLimitVerdict,
} from "../../../lib/rate-limit"
import { SMS_RECOVERY_MODULE } from "../../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../../modules/sms_recovery/service"
import { shopperAddress } from "./client-address"
import type { StoreGetConsentType, StorePostConsentType } from "./validators"

type Subject = "this IP address" | "this phone number"

/** What a request is counted under: its client address (when known) and its number. */
type Counted = { by: "ip" | "phone"; value: string; subject: Subject }

function refuse(res: MedusaResponse, subject: Subject, verdict: Extract<RateLimitVerdict, { allowed: false }>) {
  res.setHeader("Retry-After", String(verdict.retryAfterSeconds))
  res.status(429).json({
    type: "too_many_requests",
    message: `Too many consent requests for ${subject}; try again in ${Math.ceil(verdict.retryAfterSeconds / 60)} minute(s)`,
  })
}

/**
 * Checks the request against each of its limits, address first, and answers 429 at the first
 * one it is over; otherwise hands it on.
 */
async function enforceLimits(
  req: MedusaRequest,
  res: MedusaResponse,
  next: MedusaNextFunction,
  phone: () => string,
  verdictOf: (counted: Counted, smsRecovery: SmsRecoveryModuleService, now: Date) => Promise<RateLimitVerdict>
) {
  try {
    const smsRecovery = req.scope.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const now = new Date()
    const ip = shopperAddress(req)
    const counted: Counted[] = [
      ...(ip ? [{ by: "ip" as const, value: ip, subject: "this IP address" as const }] : []),
      { by: "phone", value: phone(), subject: "this phone number" },
    ]
    for (const entry of counted) {
      const verdict = await verdictOf(entry, smsRecovery, now)
      if (!verdict.allowed) {
        refuse(res, entry.subject, verdict)
        return
      }
    }
    next()
  } catch (error) {
    next(error)
  }
}

/**
 * Refuses a consent request with 429 (and `Retry-After`) when its client address (read through
 * the trusted proxies) or its phone number already made too many in the window
 * (`CONSENT_RATE_LIMITS`). Requests are counted from the ledger's `requested` events, through
 * its (ip, occurred_at) and (phone, occurred_at) indexes, so the limit holds across server
 * instances; concurrent requests may overshoot it by the few that are counted at the same
 * moment.
 */
export function rateLimitConsentRequests(
  req: MedusaRequest<StorePostConsentType>,
  res: MedusaResponse,
  next: MedusaNextFunction
) {
  return enforceLimits(req, res, next, () => req.validatedBody.phone.e164, async ({ by, value }, smsRecovery, now) => {
    const limit = CONSENT_RATE_LIMITS[by]
    const [oldest, count] = await smsRecovery.listAndCountConsentEvents(
      { [by]: value, type: "requested", occurred_at: { $gte: windowStart(limit, now) } },
      { select: ["id", "occurred_at"], order: { occurred_at: "ASC" }, take: 1 }
    )
    return checkRateLimit(limit, { count, oldestAt: oldest[0] ? new Date(oldest[0].occurred_at) : null }, now)
  })
}

/**
 * Refuses a consent status lookup with 429 (and `Retry-After`) past `CONSENT_LOOKUP_RATE_LIMITS`
 * per client address and per number. A lookup leaves no ledger row to count, so each one is
 * counted in the module's `sms_rate_limit_counter` table: one atomic upsert per key and fixed
 * window in the store's own database, exact across server instances with no setting to get
 * right. (Medusa's cache module has no atomic increment, and its default is per process.)
 * Every lookup is counted, answered or not, so the limit tells nothing about the number.
 */
export function rateLimitConsentLookups(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const longest = Math.max(...Object.values(CONSENT_LOOKUP_RATE_LIMITS).map((limit) => limit.windowSeconds))
  const phone = () => (req.validatedQuery as StoreGetConsentType).phone.e164
  return enforceLimits(req, res, next, phone, async ({ by, value }, smsRecovery, now) => {
    const limit = CONSENT_LOOKUP_RATE_LIMITS[by]
    const window = fixedWindow(limit, now)
    const hits = await smsRecovery.countRateLimitHit(
      `consent-lookup:${by}:${value}`,
      window.start,
      new Date(now.getTime() - longest * 1000)
    )
    return checkWindowHits(limit, hits, window, now)
  })
}
