import type {
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { checkRateLimit, CONSENT_RATE_LIMITS, windowStart, type RateLimit } from "../../../lib/rate-limit"
import { SMS_RECOVERY_MODULE } from "../../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../../modules/sms_recovery/service"
import type { StorePostConsentType } from "./validators"

type Check = {
  limit: RateLimit
  filter: { ip: string } | { phone: string }
  /** Named in the 429 message. */
  subject: string
}

/**
 * Refuses a consent request with 429 (and `Retry-After`) when its IP address or its phone
 * number already made too many in the window (`CONSENT_RATE_LIMITS`). Requests are counted
 * from the ledger's `requested` events, through its (ip, occurred_at) and (phone, occurred_at)
 * indexes, so the limit holds across server instances; concurrent requests may overshoot it
 * by the few that are counted at the same moment.
 */
export async function rateLimitConsentRequests(
  req: MedusaRequest<StorePostConsentType>,
  res: MedusaResponse,
  next: MedusaNextFunction
) {
  try {
    const smsRecovery = req.scope.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
    const now = new Date()
    const checks: Check[] = [
      ...(req.ip ? [{ limit: CONSENT_RATE_LIMITS.ip, filter: { ip: req.ip }, subject: "this IP address" }] : []),
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
        res.setHeader("Retry-After", String(verdict.retryAfterSeconds))
        res.status(429).json({
          type: "too_many_requests",
          message: `Too many consent requests for ${check.subject}; try again in ${Math.ceil(verdict.retryAfterSeconds / 60)} minute(s)`,
        })
        return
      }
    }
    next()
  } catch (error) {
    next(error)
  }
}
