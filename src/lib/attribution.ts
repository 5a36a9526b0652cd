export type AttributionModel = "click" | "view" | "holdout"

/** A point in time; workflow data between steps may hold it as an ISO string. */
export type Instant = Date | string

/**
 * A text that may have led to an order: one that was sent before the order was placed, or one
 * a held-out recovery would have sent by then.
 */
export type AttributionCandidate = {
  message_id: string
  recovery_id: string
  /** Whether the text was about the cart the order was placed from. */
  same_cart: boolean
  /** Null for a held-out text, which was never sent. */
  sent_at: Instant | null
  /** When a held-out text would have gone out; null for a text that was sent. */
  held_out_at: Instant | null
  /** Set when Sinch reported delivery. */
  delivered_at: Instant | null
  last_clicked_at: Instant | null
  /** The text's campaign windows (defaults 120 h and 24 h when it has no campaign). */
  click_window_hours: number
  view_window_hours: number
}

export type AttributionChoice = {
  model: AttributionModel
  candidate: AttributionCandidate
}

const HOUR_MS = 3_600_000

/**
 * Picks the text an order is credited to (last touch): the latest click inside its click
 * window, else the latest delivery inside its view window, else the latest held-out text inside
 * its click window (`holdout`: the longest window, as if every held-out shopper had clicked, so
 * the holdout's orders are never undercounted and what texts add never overstated). Texts about
 * the order's own cart are considered first; texts to the same customer or phone about other
 * carts only when none of those qualifies. A text with no delivery report counts as delivered
 * when sent.
 */
export function chooseAttribution(
  candidates: AttributionCandidate[],
  placedAt: Instant
): AttributionChoice | null {
  const placed = new Date(placedAt)
  const ownCart = candidates.filter((candidate) => candidate.same_cart)
  const otherCarts = candidates.filter((candidate) => !candidate.same_cart)
  return chooseWithin(ownCart, placed) ?? chooseWithin(otherCarts, placed)
}

function chooseWithin(candidates: AttributionCandidate[], placedAt: Date): AttributionChoice | null {
  const clicked = latest(candidates, placedAt, (c) => c.last_clicked_at, (c) => c.click_window_hours)
  if (clicked) {
    return { model: "click", candidate: clicked }
  }
  const viewed = latest(candidates, placedAt, viewedAt, (c) => c.view_window_hours)
  if (viewed) {
    return { model: "view", candidate: viewed }
  }
  const heldOut = latest(candidates, placedAt, (c) => c.held_out_at, (c) => c.click_window_hours)
  return heldOut ? { model: "holdout", candidate: heldOut } : null
}

function viewedAt(candidate: AttributionCandidate): Instant | null {
  return candidate.delivered_at ?? candidate.sent_at
}

/** The candidate whose touch is latest among those inside their window before `placedAt`. */
function latest(
  candidates: AttributionCandidate[],
  placedAt: Date,
  touchOf: (candidate: AttributionCandidate) => Instant | null,
  windowHoursOf: (candidate: AttributionCandidate) => number
): AttributionCandidate | null {
  let best: AttributionCandidate | null = null
  let bestAt = -Infinity
  for (const candidate of candidates) {
    const instant = touchOf(candidate)
    const touch = instant === null ? NaN : new Date(instant).getTime()
    if (Number.isNaN(touch) || touch > placedAt.getTime()) {
      continue
    }
    const windowStart = placedAt.getTime() - windowHoursOf(candidate) * HOUR_MS
    if (touch >= windowStart && touch > bestAt) {
      best = candidate
      bestAt = touch
    }
  }
  return best
}
