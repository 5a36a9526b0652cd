import { MedusaService } from "@medusajs/framework/utils"
import { Consent } from "./models/consent"
import { ConsentEvent } from "./models/consent-event"
import { parseSmsRecoveryOptions, type SmsRecoveryOptions } from "./options"

class SmsRecoveryModuleService extends MedusaService({
  Consent,
  ConsentEvent,
}) {
  protected readonly options_: SmsRecoveryOptions

  constructor(container: Record<string, unknown>, options: Record<string, unknown>) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.options_ = parseSmsRecoveryOptions(options)
  }

  /** The validated plugin options: subscribers, jobs and routes read them through here. */
  getOptions(): SmsRecoveryOptions {
    return this.options_
  }
}

export default SmsRecoveryModuleService
