import type { MiddlewareRoute } from "@medusajs/framework/http"
import { validateQueryWithOptions } from "../../../store/sms-recovery/validate-with-options"
import { AdminGetSmsRecoveryReplies } from "./validators"

export const adminReplyMiddlewares: MiddlewareRoute[] = [
  {
    methods: ["GET"],
    matcher: "/admin/sms-recovery/replies",
    middlewares: [validateQueryWithOptions(AdminGetSmsRecoveryReplies)],
  },
]
