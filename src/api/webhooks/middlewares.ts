import { validateAndTransformBody, type MiddlewareRoute } from "@medusajs/framework/http"
import { ignoreOtherCallbackTypes, verifySinchWebhook } from "./sinch/verify-sinch-webhook"
import {
  DELIVERY_CALLBACK_TYPES,
  INBOUND_CALLBACK_TYPES,
  SinchDeliveryReport,
  SinchInboundText,
} from "./sinch/validators"

/**
 * Sinch callbacks: under a prefix Medusa applies no auth or publishable key to, with the raw
 * body kept for the signature check, authenticated before the body is validated.
 */
export const sinchWebhookMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/webhooks/sinch/inbound",
    methods: ["POST"],
    bodyParser: { preserveRawBody: true },
    middlewares: [
      verifySinchWebhook("inbound"),
      ignoreOtherCallbackTypes(INBOUND_CALLBACK_TYPES),
      validateAndTransformBody(SinchInboundText),
    ],
  },
  {
    matcher: "/webhooks/sinch/delivery",
    methods: ["POST"],
    bodyParser: { preserveRawBody: true },
    middlewares: [
      verifySinchWebhook("delivery"),
      ignoreOtherCallbackTypes(DELIVERY_CALLBACK_TYPES),
      validateAndTransformBody(SinchDeliveryReport),
    ],
  },
]
