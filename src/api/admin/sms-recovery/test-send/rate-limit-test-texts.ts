import type {
  AuthenticatedMedusaRequest,
  MedusaNextFunction,
  MedusaResponse,
} from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import { checkRateLimit, windowStart } from "../../../../lib/rate-limit"
import { TEST_TEXT_RATE_LIMIT, TEST_TEXT_TRIGGER } from "../../../../lib/test-text"

/**
 * Refuses a test text with 429 (and `Retry-After`) once the admin user sent
 * `TEST_TEXT_RATE_LIMIT` of them in the window. Counted from Medusa's notifications, where each
 * test text is recorded for the user who asked, so the limit holds across server instances.
 */
export async function rateLimitTestTexts(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse,
  next: MedusaNextFunction
) {
  try {
    const now = new Date()
    const notifications = req.scope.resolve(Modules.NOTIFICATION)
    const [oldest, count] = await notifications.listAndCountNotifications(
      {
        trigger_type: TEST_TEXT_TRIGGER,
        resource_type: "user",
        resource_id: req.auth_context.actor_id,
        created_at: { $gte: windowStart(TEST_TEXT_RATE_LIMIT, now).toISOString() },
      },
      { select: ["id", "created_at"], order: { created_at: "ASC" }, take: 1 }
    )
    const verdict = checkRateLimit(
      TEST_TEXT_RATE_LIMIT,
      { count, oldestAt: oldest[0] ? new Date(oldest[0].created_at) : null },
      now
    )
    if (!verdict.allowed) {
      res.setHeader("Retry-After", String(verdict.retryAfterSeconds))
      res.status(429).json({
        type: "too_many_requests",
        message: `You sent ${TEST_TEXT_RATE_LIMIT.limit} test texts in the last ${TEST_TEXT_RATE_LIMIT.windowSeconds / 60} minutes; try again in ${Math.ceil(verdict.retryAfterSeconds / 60)} minute(s)`,
      })
      return
    }
    next()
  } catch (error) {
    next(error)
  }
}
