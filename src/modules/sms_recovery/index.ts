import { Module } from "@medusajs/framework/utils"
import validateOptionsLoader from "./loaders/validate-options"
import SmsRecoveryModuleService from "./service"

export const SMS_RECOVERY_MODULE = "sms_recovery"

export default Module(SMS_RECOVERY_MODULE, {
  service: SmsRecoveryModuleService,
  loaders: [validateOptionsLoader],
})

export { SmsRecoveryModuleService }
export type { SmsRecoveryOptions, SmsRecoveryOptionsInput } from "./options"
