export type CartActivity = {
  cartId: string
  customerId?: string | null
  at: Date
  /** The enabled campaign, if any; without one the cart is tracked but nothing is scheduled. */
  campaignId?: string | null
  /** When the campaign's first step falls due if the cart stays idle from `at`. */
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
  status: string
  last_activity_at: Date
  next_step: number
  next_send_at: Date | null
  send_attempts: number
}
