import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createPromotionsWorkflow } from "@medusajs/medusa/core-flows"
import { generateLinkCode } from "../../src/lib/link-code"
import { smsRecoveryService } from "./recovery"

export const HOUR_MS = 3_600_000

let sequence = 0

export type RecoveryTextInput = {
  cartId: string
  phone?: string
  customerId?: string | null
  campaignId?: string | null
  recoveryStatus?: string
  /** Reuse a recovery instead of opening one. */
  recoveryId?: string
  stepPosition?: number
  variantId?: string | null
  status?: "queued" | "sent" | "delivered" | "failed" | "undeliverable"
  sentAt?: Date | null
  deliveredAt?: Date | null
  lastClickedAt?: Date | null
  clicks?: number
  segments?: number
  linkCode?: string
  linkExpiresAt?: Date | null
  discountCode?: string | null
  createdAt?: Date
}

/**
 * A recovery (status `active` unless told) and one text of it, as the engine records them.
 * The engine itself may also be tracking the cart: its `tracking` row is left alone.
 */
export async function createRecoveryText(container: MedusaContainer, input: RecoveryTextInput) {
  const smsRecovery = smsRecoveryService(container)
  const phone = input.phone ?? "+14155550123"
  const recoveryId =
    input.recoveryId ??
    (
      await smsRecovery.createRecoveries({
        cart_id: input.cartId,
        phone,
        customer_id: input.customerId ?? null,
        campaign_id: input.campaignId ?? null,
        status: (input.recoveryStatus ?? "active") as "active",
        last_activity_at: new Date(Date.now() - 48 * HOUR_MS),
        next_step: (input.stepPosition ?? 1) + 1,
        next_send_at: new Date(Date.now() + HOUR_MS),
      })
    ).id
  const stepPosition = input.stepPosition ?? 1
  const sentAt = input.sentAt === undefined ? new Date(Date.now() - HOUR_MS) : input.sentAt
  const message = await smsRecovery.createMessages({
    recovery_id: recoveryId,
    step_id: `smsstep_test_${stepPosition}`,
    step_position: stepPosition,
    variant_id: input.variantId ?? null,
    idempotency_key: `recovery:${recoveryId}:step:${stepPosition}:${++sequence}`,
    to: phone,
    body: "Acme: Ana, your Linen Shirt is still in your cart. Reply STOP to opt out",
    status: input.status ?? "delivered",
    sent_at: sentAt,
    delivered_at: input.deliveredAt ?? null,
    segments: input.segments ?? 1,
    clicks: input.clicks ?? 0,
    last_clicked_at: input.lastClickedAt ?? null,
    first_clicked_at: input.lastClickedAt ?? null,
    link_code: input.linkCode ?? generateLinkCode(),
    link_expires_at: input.linkExpiresAt === undefined ? new Date(Date.now() + 24 * HOUR_MS) : input.linkExpiresAt,
    discount_code: input.discountCode ?? null,
  })
  if (input.createdAt) {
    await setCreatedAt(container, "sms_message", message.id, input.createdAt)
  }
  return { recoveryId, message }
}

/** Rows are created "now"; stats place some texts by `created_at`, so tests move it. */
export async function setCreatedAt(container: MedusaContainer, table: string, id: string, at: Date) {
  const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  await pg.raw(`UPDATE ${table} SET created_at = ? WHERE id = ?`, [at, id])
}

/** A live single-use percentage promotion, as the engine's incentive step creates one. */
export async function createPromotion(container: MedusaContainer, code: string, percent = 10) {
  const { result } = await createPromotionsWorkflow(container).run({
    input: {
      promotionsData: [
        {
          code,
          type: "standard",
          status: "active",
          is_automatic: false,
          application_method: {
            type: "percentage",
            target_type: "order",
            allocation: "across",
            value: percent,
            currency_code: "usd",
          },
        },
      ],
    },
  })
  return result[0]
}
