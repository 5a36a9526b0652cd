import { validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { AdminGetSmsRecoveryExperimentsParams } from "./experiments/validators"
import { AdminGetSmsRecoveryMessagesParams } from "./messages/validators"
import { AdminGetSmsRecoveryStatsParams } from "./stats/validators"

/** Reporting routes answer with fixed fields, so the query takes no `fields`. */
const queryConfig = { defaults: [], isList: false }

/** Validation for the admin's stats, experiments and message routes; `src/api/middlewares.ts` spreads it. */
export const adminReportingMiddlewares: MiddlewareRoute[] = [
  {
    methods: ["GET"],
    matcher: "/admin/sms-recovery/stats",
    middlewares: [validateAndTransformQuery(AdminGetSmsRecoveryStatsParams, queryConfig)],
  },
  {
    methods: ["GET"],
    matcher: "/admin/sms-recovery/experiments",
    middlewares: [validateAndTransformQuery(AdminGetSmsRecoveryExperimentsParams, queryConfig)],
  },
  {
    methods: ["GET"],
    matcher: "/admin/sms-recovery/messages",
    middlewares: [validateAndTransformQuery(AdminGetSmsRecoveryMessagesParams, queryConfig)],
  },
]
