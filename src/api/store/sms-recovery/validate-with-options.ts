import { zodValidator } from "@medusajs/framework"
import type {
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
  MiddlewareFunction,
} from "@medusajs/framework/http"
import type { z } from "@medusajs/framework/zod"
import { SMS_RECOVERY_MODULE } from "../../../modules/sms_recovery"
import type { SmsRecoveryOptions } from "../../../modules/sms_recovery/options"
import type SmsRecoveryModuleService from "../../../modules/sms_recovery/service"

type SchemaFactory = (options: SmsRecoveryOptions) => z.ZodType

/**
 * Builds a validator whose schema depends on the plugin's options (a phone number is read in
 * the store's `defaultCountry`), once per options object.
 */
function schemaFor(build: SchemaFactory): (req: MedusaRequest) => z.ZodType {
  const built = new WeakMap<SmsRecoveryOptions, z.ZodType>()
  return (req) => {
    const options = req.scope.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE).getOptions()
    const schema = built.get(options) ?? build(options)
    built.set(options, schema)
    return schema
  }
}

/** Like `validateAndTransformBody`, for a schema built from the plugin's options. */
export function validateBodyWithOptions(build: SchemaFactory): MiddlewareFunction {
  const schema = schemaFor(build)
  return async (req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) => {
    try {
      req.validatedBody = await zodValidator(schema(req), req.body)
      next()
    } catch (error) {
      next(error)
    }
  }
}

/** Validates the query string against a schema built from the plugin's options. */
export function validateQueryWithOptions(build: SchemaFactory): MiddlewareFunction {
  const schema = schemaFor(build)
  return async (req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) => {
    try {
      req.validatedQuery = await zodValidator(schema(req), req.query)
      next()
    } catch (error) {
      next(error)
    }
  }
}
