import type {
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
  MiddlewareFunction,
} from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { verifySinchSignature } from "../../../lib/sinch-signature"
import { verifyToken } from "../../../lib/signing"
import { SMS_RECOVERY_MODULE } from "../../../modules/sms_recovery"
import type SmsRecoveryModuleService from "../../../modules/sms_recovery/service"
import { WEBHOOK_PURPOSES, type WebhookKind } from "../../../modules/sms_recovery/webhook-urls"

/**
 * Authenticates a Sinch callback before anything reads its body:
 * - the URL's `token` must be the one `webhookUrls` minted for this kind of callback;
 * - when `sinchWebhookSecret` is set, the Sinch signature headers must verify over the raw
 *   body (constant-time), with a timestamp within five minutes and a nonce not seen before.
 *
 * Any failure answers 401, which Sinch does not retry, and changes nothing; the reason is
 * logged, not returned. A callback that then fails on our side (5xx) has its nonce forgotten,
 * so Sinch's retry of it is not mistaken for a replay.
 */
export function verifySinchWebhook(kind: WebhookKind): MiddlewareFunction {
  return async (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    try {
      const smsRecovery = req.scope.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
      const options = smsRecovery.getOptions()
      const refuse = (reason: string) => {
        req.scope
          .resolve(ContainerRegistrationKeys.LOGGER)
          .warn(`Refused a Sinch ${kind} callback: ${reason}`)
        next(new MedusaError(MedusaError.Types.UNAUTHORIZED, "Invalid webhook credentials"))
      }
      if (!verifyToken(options.linkSecret, WEBHOOK_PURPOSES[kind], req.query.token)) {
        return refuse("missing or wrong token")
      }
      if (!options.sinchWebhookSecret) {
        return next()
      }
      const now = new Date()
      const signature = verifySinchSignature(
        options.sinchWebhookSecret,
        req.headers,
        (req.rawBody as Buffer | undefined) ?? "",
        now
      )
      if (!signature.valid) {
        return refuse(`signature check failed (${signature.reason})`)
      }
      if (!(await smsRecovery.recordWebhookNonce(signature.nonce, now))) {
        return refuse("nonce already used")
      }
      res.on("finish", () => {
        if (res.statusCode >= 500) {
          smsRecovery.forgetWebhookNonce(signature.nonce).catch(() => undefined)
        }
      })
      next()
    } catch (error) {
      next(error)
    }
  }
}

/**
 * Answers 200 to a callback of a type this route does not handle (say `mo_binary`), so Sinch
 * does not retry it; other bodies go on to validation.
 */
export function ignoreOtherCallbackTypes(types: readonly string[]): MiddlewareFunction {
  return (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    const type = (req.body as { type?: unknown } | undefined)?.type
    if (typeof type === "string" && !types.includes(type)) {
      res.status(200).json({ received: true, ignored: true })
      return
    }
    next()
  }
}
