/** Delivery statuses Sinch reports (C6). */
export const SINCH_DELIVERY_STATUSES = [
  "Queued",
  "Dispatched",
  "Aborted",
  "Cancelled",
  "Rejected",
  "Deleted",
  "Delivered",
  "Failed",
  "Expired",
  "Unknown",
] as const

export type SinchDeliveryStatus = (typeof SINCH_DELIVERY_STATUSES)[number]

export type MessageStatus = "queued" | "sent" | "delivered" | "failed" | "undeliverable"

/** Sinch code 402: no route to the number; sending again cannot help. */
export const UNROUTABLE_CODE = 402

/** What Sinch's delivery codes mean (Sinch SDK enum), for the message's error text. */
const SINCH_CODE_MEANINGS: Readonly<Record<number, string>> = {
  0: "delivered",
  400: "queued",
  401: "dispatched",
  402: "unroutable",
  403: "internal error",
  404: "temporary delivery failure",
  405: "unmatched parameter",
  406: "internal expiry",
  407: "cancelled",
  408: "internal reject",
  410: "unmatched default originator",
  411: "exceeded parts limit",
  412: "unprovisioned region",
  413: "blocked account",
}

/**
 * Order in which a message's status may move: queued → sent → a final status. A report only
 * moves a message forward, so a late `Dispatched` never undoes a `Delivered`, and the first
 * final status stands.
 */
export const MESSAGE_STATUS_RANK: Readonly<Record<MessageStatus, number>> = {
  queued: 0,
  sent: 1,
  delivered: 2,
  failed: 2,
  undeliverable: 2,
}

export type DeliveryOutcome = {
  status: Exclude<MessageStatus, "queued">
  /** Sinch's code when the text failed, else null. */
  errorCode: string | null
  /** A readable reason when the text failed, e.g. `Failed: unroutable (402)`. */
  errorMessage: string | null
}

/** Maps one Sinch delivery report (status and code) to the message's status. */
export function deliveryOutcome(status: SinchDeliveryStatus, code: number): DeliveryOutcome {
  if (status === "Delivered") {
    return { status: "delivered", errorCode: null, errorMessage: null }
  }
  if (status === "Queued" || status === "Dispatched") {
    return { status: "sent", errorCode: null, errorMessage: null }
  }
  const meaning = SINCH_CODE_MEANINGS[code]
  return {
    status: code === UNROUTABLE_CODE ? "undeliverable" : "failed",
    errorCode: String(code),
    errorMessage: meaning ? `${status}: ${meaning} (${code})` : `${status} (${code})`,
  }
}

/** Whether a report may move a message from `current` to `next`. */
export function advancesStatus(current: MessageStatus, next: MessageStatus): boolean {
  return MESSAGE_STATUS_RANK[next] > MESSAGE_STATUS_RANK[current]
}
