import type { CampaignDetail } from "../../workflows/utils/campaign-detail"
import type { TemplatePreview } from "../../workflows/utils/template-preview"
import type { SendTestTextWorkflowOutput } from "../../workflows/send-test-text"
import type { MessageSummary, RecoveryStats } from "../../modules/sms_recovery/queries"
import type { ReplySummary } from "../../modules/sms_recovery/queries/replies"
import type { ExperimentStats } from "../../modules/sms_recovery/queries/experiment-stats"

/** A server type as it arrives over JSON: dates become strings. */
type Json<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T

export type Campaign = Json<CampaignDetail>
export type CampaignStep = Campaign["steps"][number]
export type Preview = Json<TemplatePreview>
export type Stats = Json<RecoveryStats>
export type VariantStats = Stats["by_variant"][number]
export type Experiments = Json<ExperimentStats>
export type CampaignExperiment = Experiments["campaigns"][number]
export type Message = Json<MessageSummary>
export type Reply = Json<ReplySummary>
export type TestText = Json<SendTestTextWorkflowOutput> & { to: string }

export type TargetingOption = { id: string; name: string }

/** What the targeting pickers offer, as the admin API lists it. */
export type TargetingOptions = {
  regions: (TargetingOption & { currency_code: string })[]
  sales_channels: TargetingOption[]
  customer_groups: TargetingOption[]
}

export type Webhooks = {
  inbound_url: string
  delivery_url: string
  signature_required: boolean
}

export type ConsentEvent = {
  id: string
  type: string
  channel: string | null
  consent_text: string | null
  consent_text_version: string | null
  source_url: string | null
  inbound_text: string | null
  occurred_at: string
}

export type ConsentLedger = {
  consent: {
    id: string
    phone: string
    status: "pending" | "opted_in" | "opted_out"
    country: string | null
    erased: boolean
    updated_at: string
  }
  events: ConsentEvent[]
}

export type ErasedPhone = {
  phone_hash: string
  consents: number
  events: number
  recoveries: number
  messages: number
  callbacks: number
  notifications: number
}
