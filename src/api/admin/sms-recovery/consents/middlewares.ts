import type { MiddlewareRoute } from "@medusajs/framework/http"
import {
  validateBodyWithOptions,
  validateQueryWithOptions,
} from "../../../store/sms-recovery/validate-with-options"
import { AdminEraseSmsPhone, AdminGetSmsConsents } from "./validators"

export const adminConsentMiddlewares: MiddlewareRoute[] = [
  {
    methods: ["GET"],
    matcher: "/admin/sms-recovery/consents",
    middlewares: [validateQueryWithOptions(AdminGetSmsConsents)],
  },
  {
    methods: ["POST"],
    matcher: "/admin/sms-recovery/consents/erase",
    middlewares: [validateBodyWithOptions(AdminEraseSmsPhone)],
  },
]
