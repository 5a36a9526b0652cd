import { Module } from "@medusajs/framework/utils"
import validateOptionsLoader from "./loaders/validate-options"
import { SMS_RECOVERY_MODULE } from "./constants"
import SmsRecoveryModuleService from "./service"

export { SMS_RECOVERY_MODULE } from "./constants"

export default Module(SMS_RECOVERY_MODULE, {
  service: SmsRecoveryModuleService,
  loaders: [validateOptionsLoader],
})

export { SmsRecoveryModuleService }
export type { SmsRecoveryOptions, SmsRecoveryOptionsInput } from "./options"
