import type { RecoveryStatus } from "../../lib/recovery-status"

export type CartActivity = {
  cartId: string
  customerId?: string | null
  at: Date
  /**
   * The cart's campaign when exactly one is enabled; with several it is chosen by targeting when
   * the episode starts. Without any the cart is tracked but nothing is scheduled.
   */
  campaignId?: string | null
  /** When the first step falls due (the earliest among the enabled campaigns) if the cart stays idle from `at`. */
  firstStepDueAt?: Date | null
}

export type ClaimRequest = {
  workerId: string
  now: Date
  limit: number
  /** How long the claim holds before another worker may retake it. */
  leaseSeconds: number
}

export type ClaimedRecovery = {
  id: string
  cart_id: string
  campaign_id: string | null
  phone: string | null
  customer_id: string | null
  status: RecoveryStatus
  last_activity_at: Date
  next_step: number
  next_send_at: Date | null
  send_attempts: number
}

export type VariantRow = {
  id: string
  name: string
  template: string
  weight: number
  /** Minutes after abandonment for this variant; `null` for the step's delay. */
  delay_minutes: number | null
}

export type StepRow = {
  id: string
  position: number
  delay_minutes: number
  channel: string
  expires_after_hours: number
  incentive_type: "percentage" | "fixed" | "free_shipping" | null
  incentive_value: number | string | null
  incentive_expiry_hours: number | null
  variants: VariantRow[]
}

export type CampaignWithSteps = {
  id: string
  name: string
  enabled: boolean
  priority: number
  holdout_percent: number
  region_ids: string[]
  currency_codes: string[]
  sales_channel_ids: string[]
  customer_group_ids: string[]
  customer_type: "any" | "new" | "returning"
  abandon_after_minutes: number
  active_since: Date | null
  max_per_phone_per_24h: number
  quiet_hours_start: string
  quiet_hours_end: string
  click_window_hours: number
  view_window_hours: number
  min_cart_total: number | string | null
  max_cart_total: number | string | null
  double_opt_in_countries: string[]
  opt_out_line: string
  /** Country → price of one billed segment, a decimal string in the store's default currency. */
  segment_prices: Record<string, string>
  created_at: Date
  steps: StepRow[]
}

export type NewMessage = {
  recovery_id: string
  step_id: string
  step_position: number
  variant_id: string | null
  channel: string
  idempotency_key: string
  to: string
  body: string | null
  encoding: string | null
  segments: number | null
  link_code: string | null
  link_expires_at: Date | null
  promotion_id: string | null
  discount_code: string | null
}

export type MessageRow = NewMessage & {
  id: string
  status: "queued" | "sent" | "delivered" | "failed" | "undeliverable" | "held_out"
  batch_id: string | null
  sent_at: Date | null
  delivered_at: Date | null
  /** Hand-overs to the provider so far; more than zero means the text may have gone out. */
  send_attempts: number
  error_code: string | null
  error_message: string | null
  clicks: number
}

export type RecoveryChanges = Partial<{
  campaign_id: string | null
  holdout: boolean
  status: RecoveryStatus
  phone: string | null
  next_step: number
  next_send_at: Date | null
  send_attempts: number
  reason: string | null
  ended_at: Date | null
}>
