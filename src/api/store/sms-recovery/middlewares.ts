import type { MiddlewareRoute } from "@medusajs/framework/http"
import { rateLimitConsentLookups, rateLimitConsentRequests } from "./rate-limit-consent-requests"
import { validateBodyWithOptions, validateQueryWithOptions } from "./validate-with-options"
import { StoreGetConsent, StorePostConsent } from "./validators"

export const storeSmsRecoveryMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/store/sms-recovery/consent",
    methods: ["POST"],
    middlewares: [validateBodyWithOptions(StorePostConsent), rateLimitConsentRequests],
  },
  {
    matcher: "/store/sms-recovery/consent",
    methods: ["GET"],
    middlewares: [validateQueryWithOptions(StoreGetConsent), rateLimitConsentLookups],
  },
]
