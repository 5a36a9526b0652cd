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
  type RateLimit,
  type RateLimitVerdict,
} from "../../../lib/rate-limit"
import { SMS_RECOVERY_MODULE } from "../../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../../modules/sms_recovery/service"
import { shopperAddress } from "./client-address"
import type { StoreGetConsentType, StorePostConsentType } from "./validators"

type Subject = "this IP address" | "this phone number"

function refuse(res: MedusaResponse, subject: Subject, verdict: Extract<RateLimitVerdict, { allowed: false }>) {
  res.setHeader("Retry-After", String(verdict.retryAfterSeconds))
  res.status(429).json({
    type: "too_many_requests",
    message: `Too many consent requests for ${subject}; try again in ${Math.ceil(verdict.retryAfterSeconds / 60)} minute(s)`,
  })
}

/**
 * Refuses a consent request with 429 (and `Retry-After`) when its client address (read through
 * the trusted proxies) or its phone number already made too many in the window
 * (`CONSENT_RATE_LIMITS`). Requests are counted from the ledger's `requested` events, through
 * its (ip, occurred_at) and (phone, occurred_at) indexes, so the limit holds across server
 * instances; concurrent requests may overshoot it by the few that are counted at the same
 * moment.
 */
export async function rateLimitConsentRequests(
  req: MedusaRequest<StorePostConsentType>,
  res: MedusaResponse,
  next: MedusaNextFunction
) {
  try {
    const smsRecovery = req.scope.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const now = new Date()
    const ip = shopperAddress(req)
    const checks: { limit: RateLimit; filter: { ip: string } | { phone: string }; subject: Subject }[] = [
      ...(ip ? [{ limit: CONSENT_RATE_LIMITS.ip, filter: { ip }, subject: "this IP address" as const }] : []),
      { limit: CONSENT_RATE_LIMITS.phone, filter: { phone: req.validatedBody.phone.e164 }, subject: "this phone number" },
    ]
    for (const check of checks) {
      const [oldest, count] = await smsRecovery.listAndCountConsentEvents(
        { ...check.filter, type: "requested", occurred_at: { $gte: windowStart(check.limit, now) } },
        { select: ["id", "occurred_at"], order: { occurred_at: "ASC" }, take: 1 }
      )
      const verdict = checkRateLimit(
        check.limit,
        { count, oldestAt: oldest[0] ? new Date(oldest[0].occurred_at) : null },
        now
      )
      if (!verdict.allowed) {
        refuse(res, check.subject, verdict)
        return
      }
    }
    next()
  } catch (error) {
    next(error)
  }
}

/**
 * Refuses a consent status lookup with 429 (and `Retry-After`) past `CONSENT_LOOKUP_RATE_LIMITS`
 * per client address and per number. A lookup leaves no ledger row to count, so each one is
 * counted in the module's `sms_rate_limit_counter` table: one atomic upsert per key and fixed
 * window in the store's own database, exact across server instances with no setting to get
 * right. (Medusa's cache module has no atomic increment, and its default is per process.)
 * Every lookup is counted, answered or not, so the limit tells nothing about the number.
 */
export async function rateLimitConsentLookups(
  req: MedusaRequest,
  res: MedusaResponse,
  next: MedusaNextFunction
) {
  try {
    const smsRecovery = req.scope.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const now = new Date()
    const ip = shopperAddress(req)
    const { phone } = req.validatedQuery as StoreGetConsentType
    const checks: { limit: RateLimit; key: string; subject: Subject }[] = [
      ...(ip ? [{ limit: CONSENT_LOOKUP_RATE_LIMITS.ip, key: `consent-lookup:ip:${ip}`, subject: "this IP address" as const }] : []),
      { limit: CONSENT_LOOKUP_RATE_LIMITS.phone, key: `consent-lookup:phone:${phone.e164}`, subject: "this phone number" },
    ]
    const longest = Math.max(...Object.values(CONSENT_LOOKUP_RATE_LIMITS).map((limit) => limit.windowSeconds))
    for (const check of checks) {
      const window = fixedWindow(check.limit, now)
      const hits = await smsRecovery.countRateLimitHit(check.key, window.start, new Date(now.getTime() - longest * 1000))
      const verdict = checkWindowHits(check.limit, hits, window, now)
      if (!verdict.allowed) {
        refuse(res, check.subject, verdict)
        return
      }
    }
    next()
  } catch (error) {
    next(error)
  }
}
