import { defineJoinerConfig, pluralize } from "@medusajs/framework/utils"
import { Attribution } from "./models/attribution"
import { Campaign } from "./models/campaign"
import { CampaignStep } from "./models/campaign-step"
import { Consent } from "./models/consent"
import { ConsentEvent } from "./models/consent-event"
import { InboundCallback } from "./models/inbound-callback"
import { Message } from "./models/message"
import { RateLimitCounter } from "./models/rate-limit-counter"
import { Recovery } from "./models/recovery"
import { Reply } from "./models/reply"
import { StepVariant } from "./models/step-variant"
import { WebhookNonce } from "./models/webhook-nonce"

/** The service's models by the names its generated methods use (`listRecoveries`, …). */
export const SMS_RECOVERY_MODELS = {
  Attribution,
  Campaign,
  CampaignStep,
  Consent,
  ConsentEvent,
  InboundCallback,
  Message,
  RateLimitCounter,
  Recovery,
  Reply,
  StepVariant,
  WebhookNonce,
}

/**
 * Query finds a model's records through `list<MethodSuffix>`, by default the model's own name
 * (`listSmsRecoveries`). The tables carry an `sms_` prefix so they never clash with Medusa's,
 * but the service's methods drop it (`listRecoveries`), so each entity names its suffix.
 */
export function smsRecoveryJoinerConfig(serviceName: string) {
  return defineJoinerConfig(serviceName, {
    models: Object.values(SMS_RECOVERY_MODELS),
    alias: Object.entries(SMS_RECOVERY_MODELS).map(([key, model]) => ({
      name: [model.name.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase(), pluralize(model.name.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase())],
      entity: model.name,
      args: { methodSuffix: pluralize(key) },
    })),
  })
}
