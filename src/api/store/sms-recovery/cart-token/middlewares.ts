import { validateAndTransformBody, type MiddlewareRoute } from "@medusajs/framework/http"
import { StorePostCartToken } from "./validators"

export const storeCartTokenMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/store/sms-recovery/cart-token",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(StorePostCartToken)],
  },
]
