import {
  checkRateLimit,
  checkWindowHits,
  CONSENT_LOOKUP_RATE_LIMITS,
  CONSENT_RATE_LIMITS,
  fixedWindow,
  windowStart,
} from "../rate-limit"

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

describe("fixedWindow", () => {
  it.each([
    ["2026-11-28T12:00:00.000Z", "2026-11-28T12:00:00.000Z", "2026-11-28T12:10:00.000Z"],
    ["2026-11-28T12:04:59.999Z", "2026-11-28T12:00:00.000Z", "2026-11-28T12:10:00.000Z"],
    ["2026-11-28T12:09:59.999Z", "2026-11-28T12:00:00.000Z", "2026-11-28T12:10:00.000Z"],
    ["2026-11-28T12:10:00.000Z", "2026-11-28T12:10:00.000Z", "2026-11-28T12:20:00.000Z"],
  ])("puts %s in [%s, %s)", (at, start, end) => {
    expect(fixedWindow(limit, new Date(at))).toEqual({ start: new Date(start), end: new Date(end) })
  })
})

describe("checkWindowHits", () => {
  const window = fixedWindow(limit, now)
  const later = new Date("2026-11-28T12:07:30Z")

  it("allows up to the limit, this event included", () => {
    expect(checkWindowHits(limit, 1, window, later)).toEqual({ allowed: true })
    expect(checkWindowHits(limit, 3, window, later)).toEqual({ allowed: true })
  })

  it("refuses past the limit until the window ends", () => {
    expect(checkWindowHits(limit, 4, window, later)).toEqual({ allowed: false, retryAfterSeconds: 150 })
  })

  it("never asks to wait less than a second", () => {
    expect(checkWindowHits(limit, 4, window, new Date("2026-11-28T12:09:59.900Z"))).toEqual({
      allowed: false,
      retryAfterSeconds: 1,
    })
  })
})

describe("CONSENT_LOOKUP_RATE_LIMITS", () => {
  it("is 30 per 10 minutes per IP and 10 per hour per phone", () => {
    expect(CONSENT_LOOKUP_RATE_LIMITS).toEqual({
      ip: { limit: 30, windowSeconds: 600 },
      phone: { limit: 10, windowSeconds: 3600 },
    })
  })
})
