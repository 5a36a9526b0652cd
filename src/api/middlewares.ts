import { defineMiddlewares } from "@medusajs/framework/http"
import { adminConsentMiddlewares } from "./admin/sms-recovery/consents/middlewares"
import { storeSmsRecoveryMiddlewares } from "./store/sms-recovery/middlewares"
import { storeCartTokenMiddlewares } from "./store/sms-recovery/cart-token/middlewares"
import { sinchWebhookMiddlewares } from "./webhooks/middlewares"
import { adminCampaignMiddlewares } from "./admin/sms-recovery/campaigns/middlewares"
import { adminReportingMiddlewares } from "./admin/sms-recovery/reporting-middlewares"
import { adminTestTextMiddlewares } from "./admin/sms-recovery/test-send/middlewares"
import { adminReplyMiddlewares } from "./admin/sms-recovery/replies/middlewares"

export default defineMiddlewares({
  routes: [
    ...adminCampaignMiddlewares,
    ...adminReportingMiddlewares,
    ...adminConsentMiddlewares,
    ...adminTestTextMiddlewares,
    ...adminReplyMiddlewares,
    ...storeSmsRecoveryMiddlewares,
    ...storeCartTokenMiddlewares,
    ...sinchWebhookMiddlewares,
  ],
})
