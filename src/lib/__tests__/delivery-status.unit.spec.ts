import {
  advancesStatus,
  deliveryOutcome,
  SINCH_DELIVERY_STATUSES,
  type MessageStatus,
  type SinchDeliveryStatus,
} from "../delivery-status"

describe("deliveryOutcome", () => {
  it.each<[SinchDeliveryStatus, number, MessageStatus, string | null, string | null]>([
    ["Delivered", 0, "delivered", null, null],
    ["Queued", 400, "sent", null, null],
    ["Dispatched", 401, "sent", null, null],
    ["Failed", 402, "undeliverable", "402", "Failed: unroutable (402)"],
    ["Rejected", 402, "undeliverable", "402", "Rejected: unroutable (402)"],
    ["Failed", 404, "failed", "404", "Failed: temporary delivery failure (404)"],
    ["Rejected", 408, "failed", "408", "Rejected: internal reject (408)"],
    ["Expired", 406, "failed", "406", "Expired: internal expiry (406)"],
    ["Aborted", 403, "failed", "403", "Aborted: internal error (403)"],
    ["Cancelled", 407, "failed", "407", "Cancelled: cancelled (407)"],
    ["Deleted", 403, "failed", "403", "Deleted: internal error (403)"],
    ["Unknown", 999, "failed", "999", "Unknown (999)"],
  ])("%s %s → %s", (status, code, expected, errorCode, errorMessage) => {
    expect(deliveryOutcome(status, code)).toEqual({ status: expected, errorCode, errorMessage })
  })

  it("maps every Sinch status", () => {
    for (const status of SINCH_DELIVERY_STATUSES) {
      expect(deliveryOutcome(status, 0).status).toMatch(/^(sent|delivered|failed|undeliverable)$/)
    }
  })
})

describe("advancesStatus", () => {
  it.each<[MessageStatus, MessageStatus, boolean]>([
    ["queued", "sent", true],
    ["queued", "delivered", true],
    ["sent", "delivered", true],
    ["sent", "failed", true],
    ["sent", "undeliverable", true],
    ["sent", "sent", false],
    ["delivered", "sent", false],
    ["failed", "sent", false],
    ["delivered", "delivered", false],
    ["delivered", "failed", false],
    ["failed", "delivered", false],
    ["undeliverable", "failed", false],
  ])("%s → %s: %s", (current, next, expected) => {
    expect(advancesStatus(current, next)).toBe(expected)
  })
})
