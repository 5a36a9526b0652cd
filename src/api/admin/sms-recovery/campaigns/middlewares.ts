import {
  validateAndTransformBody,
  validateAndTransformQuery,
  type MiddlewareRoute,
} from "@medusajs/framework/http"
import { AdminPreviewSmsTemplate } from "../preview/validators"
import {
  AdminCreateSmsCampaign,
  AdminGetSmsCampaignParams,
  AdminGetSmsCampaignsParams,
  AdminUpdateSmsCampaign,
} from "./validators"

/** The campaign routes always answer with every field, so the query takes no `fields`. */
const queryConfig = { defaults: [], isList: false }

export const adminCampaignMiddlewares: MiddlewareRoute[] = [
  {
    methods: ["GET"],
    matcher: "/admin/sms-recovery/campaigns",
    middlewares: [validateAndTransformQuery(AdminGetSmsCampaignsParams, queryConfig)],
  },
  {
    methods: ["POST"],
    matcher: "/admin/sms-recovery/campaigns",
    middlewares: [validateAndTransformBody(AdminCreateSmsCampaign)],
  },
  {
    methods: ["GET"],
    matcher: "/admin/sms-recovery/campaigns/:id",
    middlewares: [validateAndTransformQuery(AdminGetSmsCampaignParams, queryConfig)],
  },
  {
    methods: ["POST"],
    matcher: "/admin/sms-recovery/campaigns/:id",
    middlewares: [validateAndTransformBody(AdminUpdateSmsCampaign)],
  },
  {
    methods: ["POST"],
    matcher: "/admin/sms-recovery/preview",
    middlewares: [validateAndTransformBody(AdminPreviewSmsTemplate)],
  },
]
