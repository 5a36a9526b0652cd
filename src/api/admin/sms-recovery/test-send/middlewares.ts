import type { MiddlewareRoute } from "@medusajs/framework/http"
import { validateBodyWithOptions } from "../../../store/sms-recovery/validate-with-options"
import { rateLimitTestTexts } from "./rate-limit-test-texts"
import { AdminSendSmsTestText } from "./validators"

export const adminTestTextMiddlewares: MiddlewareRoute[] = [
  {
    methods: ["POST"],
    matcher: "/admin/sms-recovery/test-send",
    middlewares: [validateBodyWithOptions(AdminSendSmsTestText), rateLimitTestTexts],
  },
]
