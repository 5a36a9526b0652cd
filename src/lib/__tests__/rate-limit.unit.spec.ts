import { checkRateLimit, CONSENT_RATE_LIMITS, windowStart } from "../rate-limit"

const now = new Date("2026-11-28T12:00:00Z")
const limit = { limit: 3, windowSeconds: 600 }

describe("checkRateLimit", () => {
  it("allows while fewer events than the limit are in the window", () => {
    expect(checkRateLimit(limit, { count: 2, oldestAt: new Date("2026-11-28T11:55:00Z") }, now)).toEqual({
      allowed: true,
    })
  })

  it("refuses at the limit, until the oldest event leaves the window", () => {
    expect(checkRateLimit(limit, { count: 3, oldestAt: new Date("2026-11-28T11:55:00Z") }, now)).toEqual({
      allowed: false,
      retryAfterSeconds: 300,
    })
  })

  it("never asks to wait less than a second", () => {
    expect(checkRateLimit(limit, { count: 3, oldestAt: new Date("2026-11-28T11:50:00Z") }, now)).toEqual({
      allowed: false,
      retryAfterSeconds: 1,
    })
  })

  it("asks for the whole window when the oldest event is unknown", () => {
    expect(checkRateLimit(limit, { count: 5, oldestAt: null }, now)).toEqual({
      allowed: false,
      retryAfterSeconds: 600,
    })
  })
})

describe("windowStart", () => {
  it("is the window's length before now", () => {
    expect(windowStart(limit, now)).toEqual(new Date("2026-11-28T11:50:00Z"))
  })
})

describe("CONSENT_RATE_LIMITS", () => {
  it("is 10 per 10 minutes per IP and 5 per hour per phone", () => {
    expect(CONSENT_RATE_LIMITS).toEqual({
      ip: { limit: 10, windowSeconds: 600 },
      phone: { limit: 5, windowSeconds: 3600 },
    })
  })
})
