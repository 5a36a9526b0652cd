import type { AttributionCandidate, AttributionModel } from "../../../lib/attribution"
import { OPEN_RECOVERY_STATUSES_SQL, type SqlQuery } from "./sql"

export type { AttributionCandidate, AttributionModel } from "../../../lib/attribution"

/** Defaults when a recovery has no campaign any more: click 5 days, view 24 hours. */
export const DEFAULT_CLICK_WINDOW_HOURS = 120
export const DEFAULT_VIEW_WINDOW_HOURS = 24

export type RecordedLinkClick = {
  id: string
  clicks: number
  first_clicked_at: Date
  last_clicked_at: Date
  clicked_at: Date
  /** The values before this click, to undo it. */
  previous_first_clicked_at: Date | null
  previous_last_clicked_at: Date | null
}

/**
 * One statement, so concurrent clicks on the same link never lose a count: the row lock
 * taken by `FOR UPDATE` makes a second click wait for the first and then read its result.
 */
export function recordLinkClickQuery(messageId: string, clickedAt: Date): SqlQuery {
  const sql = `
    WITH previous AS (
      SELECT id, first_clicked_at, last_clicked_at
        FROM sms_message
       WHERE id = ? AND deleted_at IS NULL
         FOR UPDATE
    )
    UPDATE sms_message m
       SET clicks = m.clicks + 1,
           first_clicked_at = COALESCE(m.first_clicked_at, ?::timestamptz),
           last_clicked_at = GREATEST(m.last_clicked_at, ?::timestamptz),
           updated_at = now()
      FROM previous p
     WHERE m.id = p.id
    RETURNING m.id, m.clicks, m.first_clicked_at, m.last_clicked_at,
              p.first_clicked_at AS previous_first_clicked_at,
              p.last_clicked_at AS previous_last_clicked_at`
  return { sql, params: [messageId, clickedAt, clickedAt] }
}

/** Takes one click back, restoring the timestamps it set if nothing changed them since. */
export function revertLinkClickQuery(click: RecordedLinkClick): SqlQuery {
  const sql = `
    UPDATE sms_message
       SET clicks = GREATEST(clicks - 1, 0),
           first_clicked_at = CASE WHEN first_clicked_at = ?::timestamptz
                                   THEN ?::timestamptz ELSE first_clicked_at END,
           last_clicked_at = CASE WHEN last_clicked_at = ?::timestamptz
                                  THEN ?::timestamptz ELSE last_clicked_at END,
           updated_at = now()
     WHERE id = ?`
  return {
    sql,
    params: [
      click.clicked_at,
      click.previous_first_clicked_at,
      click.clicked_at,
      click.previous_last_clicked_at,
      click.id,
    ],
  }
}

export type AttributionCandidateLookup = {
  /** The cart the order was placed from; its texts are considered first. */
  cart_id: string | null
  customer_id: string | null
  /** E.164. */
  phone: string | null
  placed_at: Date
}

/**
 * Texts sent before the order to the order's cart, customer or phone, whose click or
 * delivery may still fall inside their campaign's windows, and texts held out before it whose
 * click window is still open. Recoveries already credited with an order are left out, so one
 * text never earns two orders.
 */
export function attributionCandidatesQuery(lookup: AttributionCandidateLookup): SqlQuery {
  const sql = `
    SELECT m.id AS message_id, m.recovery_id,
           COALESCE(r.cart_id = ?, false) AS same_cart,
           m.sent_at, m.delivered_at, m.last_clicked_at,
           CASE WHEN m.status = 'held_out' THEN m.created_at END AS held_out_at,
           COALESCE(c.click_window_hours, ${DEFAULT_CLICK_WINDOW_HOURS}) AS click_window_hours,
           COALESCE(c.view_window_hours, ${DEFAULT_VIEW_WINDOW_HOURS}) AS view_window_hours
      FROM sms_message m
      JOIN sms_recovery r ON r.id = m.recovery_id AND r.deleted_at IS NULL
      LEFT JOIN sms_campaign c ON c.id = r.campaign_id
     WHERE m.deleted_at IS NULL
       AND r.status <> 'recovered'
       AND (r.cart_id = ? OR r.customer_id = ? OR r.phone = ?)
       AND ((m.status IN ('sent', 'delivered')
             AND m.sent_at <= ?::timestamptz
             AND (m.last_clicked_at >= ?::timestamptz
                    - make_interval(hours => COALESCE(c.click_window_hours, ${DEFAULT_CLICK_WINDOW_HOURS}))
                  OR COALESCE(m.delivered_at, m.sent_at) >= ?::timestamptz
                    - make_interval(hours => COALESCE(c.view_window_hours, ${DEFAULT_VIEW_WINDOW_HOURS}))))
         OR (m.status = 'held_out'
             AND m.created_at <= ?::timestamptz
             AND m.created_at >= ?::timestamptz
               - make_interval(hours => COALESCE(c.click_window_hours, ${DEFAULT_CLICK_WINDOW_HOURS}))))`
  const { cart_id, customer_id, phone, placed_at } = lookup
  return {
    sql,
    params: [cart_id, cart_id, customer_id, phone, placed_at, placed_at, placed_at, placed_at, placed_at],
  }
}

export type AttributionCandidateRow = Omit<AttributionCandidate, "click_window_hours" | "view_window_hours"> & {
  click_window_hours: number | string
  view_window_hours: number | string
}

export function toAttributionCandidate(row: AttributionCandidateRow): AttributionCandidate {
  return {
    ...row,
    same_cart: Boolean(row.same_cart),
    click_window_hours: Number(row.click_window_hours),
    view_window_hours: Number(row.view_window_hours),
  }
}

export type NewAttribution = {
  order_id: string
  recovery_id: string
  message_id: string
  model: AttributionModel
  /** The order total in major units, as an exact decimal string. */
  amount: string
  currency_code: string
  attributed_at: Date
}

export type CreatedAttribution = NewAttribution & { id: string }

/**
 * Inserts the order's attribution unless it has one. The partial unique index on `order_id`
 * decides between concurrent deliveries of `order.placed`: exactly one insert returns a row.
 */
export function insertAttributionQuery(id: string, attribution: NewAttribution): SqlQuery {
  const sql = `
    INSERT INTO sms_attribution
      (id, order_id, recovery_id, message_id, model, amount, raw_amount, currency_code,
       attributed_at, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?::numeric, ?::jsonb, ?, ?, now(), now())
    ON CONFLICT (order_id) WHERE deleted_at IS NULL DO NOTHING
    RETURNING id`
  const rawAmount = JSON.stringify({ value: attribution.amount, precision: 20 })
  return {
    sql,
    params: [
      id,
      attribution.order_id,
      attribution.recovery_id,
      attribution.message_id,
      attribution.model,
      attribution.amount,
      rawAmount,
      attribution.currency_code,
      attribution.attributed_at,
    ],
  }
}

export type SettleOrderRecoveries = {
  /** The order's cart: its open recoveries are completed. */
  cart_id: string | null
  /** The recovery the order was credited to: it becomes `recovered`. */
  recovered_recovery_id: string | null
  ended_at: Date
}

/** A recovery's state before the order settled it, to restore on compensation. */
export type RecoveryStateBefore = {
  id: string
  status: string
  next_send_at: Date | null
  ended_at: Date | null
  reason: string | null
}

/**
 * Ends what the order ends, in one statement: the credited recovery becomes `recovered`, any
 * other still-open recovery of the order's cart `completed`; neither has a step pending.
 */
export function settleOrderRecoveriesQuery(input: SettleOrderRecoveries): SqlQuery {
  const sql = `
    WITH previous AS (
      SELECT id, status, next_send_at, ended_at, reason
        FROM sms_recovery
       WHERE deleted_at IS NULL
         AND ((id = ? AND status <> 'recovered')
           OR (cart_id = ? AND status IN (${OPEN_RECOVERY_STATUSES_SQL}) AND id IS DISTINCT FROM ?))
         FOR UPDATE
    )
    UPDATE sms_recovery r
       SET status = CASE WHEN r.id = ? THEN 'recovered' ELSE 'completed' END,
           reason = 'order_placed', next_send_at = NULL, ended_at = ?, updated_at = now()
      FROM previous p
     WHERE r.id = p.id
    RETURNING p.id, p.status, p.next_send_at, p.ended_at, p.reason`
  const { cart_id, recovered_recovery_id, ended_at } = input
  return {
    sql,
    params: [recovered_recovery_id, cart_id, recovered_recovery_id, recovered_recovery_id, ended_at],
  }
}

export function restoreRecoveriesQuery(states: RecoveryStateBefore[]): SqlQuery {
  const sql = `
    UPDATE sms_recovery r
       SET status = s.status, next_send_at = s.next_send_at, ended_at = s.ended_at,
           reason = s.reason, updated_at = now()
      FROM jsonb_to_recordset(?::jsonb)
           AS s(id text, status text, next_send_at timestamptz, ended_at timestamptz, reason text)
     WHERE r.id = s.id`
  return { sql, params: [JSON.stringify(states)] }
}
