import { isWithinWindow, nextAllowedSendTime, parseSendWindow, type SendWindow } from "../quiet-hours"

const DAYTIME: SendWindow = { start: "09:00", end: "20:00" }
const utc = (iso: string) => new Date(iso)

describe("nextAllowedSendTime", () => {
  it.each([
    // zone, at (UTC), expected (UTC), why
    ["America/New_York", "2026-01-15T12:00:00Z", "2026-01-15T14:00:00Z", "07:00 EST → today 09:00"],
    ["America/New_York", "2026-01-15T13:59:59Z", "2026-01-15T14:00:00Z", "08:59:59 → today 09:00"],
    ["America/New_York", "2026-01-16T01:00:00Z", "2026-01-16T14:00:00Z", "20:00 (end) → tomorrow 09:00"],
    ["America/New_York", "2026-01-16T04:59:00Z", "2026-01-16T14:00:00Z", "23:59 → tomorrow 09:00"],
    ["America/New_York", "2026-01-16T05:00:00Z", "2026-01-16T14:00:00Z", "00:00 → today 09:00"],
    ["America/New_York", "2026-03-08T01:30:00Z", "2026-03-08T13:00:00Z", "Mar 7 20:30 EST → 09:00 EDT after spring forward"],
    ["America/New_York", "2026-03-08T06:00:00Z", "2026-03-08T13:00:00Z", "01:00 EST on spring-forward day"],
    ["America/New_York", "2026-03-07T12:00:00Z", "2026-03-07T14:00:00Z", "day before spring forward: EST"],
    ["America/New_York", "2026-11-01T01:00:00Z", "2026-11-01T14:00:00Z", "Oct 31 21:00 EDT → 09:00 EST after fall back"],
    ["America/New_York", "2026-10-31T12:00:00Z", "2026-10-31T13:00:00Z", "day before fall back: EDT"],
    ["America/New_York", "2026-11-01T06:30:00Z", "2026-11-01T14:00:00Z", "01:30 EST (second pass) on fall-back day"],
    ["America/Los_Angeles", "2026-07-04T15:00:00Z", "2026-07-04T16:00:00Z", "08:00 PDT"],
    ["America/Los_Angeles", "2026-07-05T03:00:00Z", "2026-07-05T16:00:00Z", "20:00 PDT → tomorrow"],
    ["Pacific/Honolulu", "2026-03-08T18:00:00Z", "2026-03-08T19:00:00Z", "08:00 HST, no DST"],
    ["Pacific/Honolulu", "2026-06-01T06:30:00Z", "2026-06-01T19:00:00Z", "May 31 20:30 HST → Jun 1 09:00"],
    ["Europe/London", "2026-03-28T21:00:00Z", "2026-03-29T08:00:00Z", "21:00 GMT → 09:00 BST"],
    ["Europe/London", "2026-03-29T07:30:00Z", "2026-03-29T08:00:00Z", "08:30 BST → 09:00 BST"],
    ["Europe/London", "2026-10-24T20:00:00Z", "2026-10-25T09:00:00Z", "21:00 BST → 09:00 GMT"],
    ["Asia/Kolkata", "2026-01-15T03:00:00Z", "2026-01-15T03:30:00Z", "08:30 IST (+5:30)"],
    ["Asia/Kolkata", "2026-01-15T14:30:00Z", "2026-01-16T03:30:00Z", "20:00 IST → tomorrow"],
    ["Asia/Kathmandu", "2026-01-15T03:00:00Z", "2026-01-15T03:15:00Z", "08:45 NPT (+5:45)"],
    ["Asia/Kathmandu", "2026-01-15T14:15:00Z", "2026-01-16T03:15:00Z", "20:00 NPT → tomorrow"],
    ["Pacific/Auckland", "2026-01-15T07:00:00Z", "2026-01-15T20:00:00Z", "Jan 15 20:00 NZDT → Jan 16 09:00 (+13)"],
    ["Pacific/Auckland", "2026-04-04T08:00:00Z", "2026-04-04T21:00:00Z", "Apr 4 21:00 NZDT → Apr 5 09:00 NZST (+12)"],
    ["Pacific/Auckland", "2026-09-26T08:00:00Z", "2026-09-26T20:00:00Z", "Sep 26 20:00 NZST → Sep 27 09:00 NZDT"],
    ["Australia/Sydney", "2026-04-04T10:00:00Z", "2026-04-04T23:00:00Z", "Apr 4 21:00 AEDT → Apr 5 09:00 AEST"],
    ["Australia/Sydney", "2026-10-03T10:00:00Z", "2026-10-03T22:00:00Z", "Oct 3 20:00 AEST → Oct 4 09:00 AEDT"],
  ])("%s %s → %s (%s)", (timeZone, at, expected) => {
    expect(nextAllowedSendTime(utc(at), timeZone, DAYTIME).toISOString()).toBe(
      new Date(expected).toISOString()
    )
  })

  it.each([
    ["America/New_York", "2026-01-15T14:00:00Z", "09:00 EST, the opening itself"],
    ["America/New_York", "2026-01-16T00:59:59Z", "19:59:59 EST"],
    ["America/New_York", "2026-03-08T13:00:00Z", "09:00 EDT on spring-forward day"],
    ["America/Los_Angeles", "2026-01-05T03:00:00Z", "Jan 4 19:00 PST"],
    ["Asia/Kolkata", "2026-01-15T14:29:00Z", "19:59 IST"],
    ["Asia/Kathmandu", "2026-01-15T03:15:00Z", "09:00 NPT"],
    ["Pacific/Auckland", "2026-07-01T00:00:00Z", "12:00 NZST"],
    ["Europe/London", "2026-03-29T08:30:00Z", "09:30 BST"],
  ])("%s %s is inside the window: returns the same Date (%s)", (timeZone, at) => {
    const date = utc(at)
    expect(nextAllowedSendTime(date, timeZone, DAYTIME)).toBe(date)
  })

  describe("a window opening on a daylight-saving change", () => {
    it.each([
      // 02:30 does not exist on 2026-03-08 in New York: clocks go 02:00 EST → 03:00 EDT.
      ["America/New_York", { start: "02:30", end: "20:00" }, "2026-03-08T05:00:00Z", "2026-03-08T07:00:00Z"],
      ["America/New_York", { start: "02:00", end: "20:00" }, "2026-03-08T05:00:00Z", "2026-03-08T07:00:00Z"],
      ["America/New_York", { start: "02:30", end: "20:00" }, "2026-03-09T05:00:00Z", "2026-03-09T06:30:00Z"],
      ["Europe/London", { start: "01:30", end: "20:00" }, "2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z"],
      // The whole window falls in the gap: it does not open that day.
      ["America/New_York", { start: "02:00", end: "02:30" }, "2026-03-08T05:00:00Z", "2026-03-09T06:00:00Z"],
      // 01:30 happens twice on 2026-11-01 in New York: first EDT (05:30Z), then EST (06:30Z).
      ["America/New_York", { start: "01:30", end: "20:00" }, "2026-11-01T05:00:00Z", "2026-11-01T05:30:00Z"],
      ["America/New_York", { start: "01:30", end: "20:00" }, "2026-11-01T06:00:00Z", "2026-11-01T06:30:00Z"],
      ["America/New_York", { start: "01:30", end: "20:00" }, "2026-11-01T06:10:00Z", "2026-11-01T06:30:00Z"],
    ])("%s %j at %s → %s", (timeZone, window, at, expected) => {
      expect(nextAllowedSendTime(utc(at), timeZone, window).toISOString()).toBe(
        new Date(expected).toISOString()
      )
    })
  })

  describe("agrees with a brute-force search", () => {
    const QUARTER_HOUR = 15 * 60_000
    const windows: SendWindow[] = [
      DAYTIME,
      { start: "02:30", end: "20:00" },
      { start: "00:00", end: "24:00" },
      { start: "08:15", end: "08:45" },
    ]
    // Each zone's 2026 clock changes and an ordinary day, probed every 193 minutes over two days.
    const days = [
      "2026-03-07",
      "2026-03-28",
      "2026-04-04",
      "2026-06-15",
      "2026-09-26",
      "2026-10-03",
      "2026-10-24",
      "2026-10-31",
    ]

    // Every opening and every clock change in these zones falls on a quarter hour of UTC.
    function firstQuarterHourInside(at: Date, timeZone: string, window: SendWindow): string {
      if (isWithinWindow(at, timeZone, window)) {
        return at.toISOString()
      }
      let instant = (Math.floor(at.getTime() / QUARTER_HOUR) + 1) * QUARTER_HOUR
      while (!isWithinWindow(new Date(instant), timeZone, window)) {
        instant += QUARTER_HOUR
      }
      return new Date(instant).toISOString()
    }

    it.each([
      "America/New_York",
      "America/Los_Angeles",
      "Pacific/Honolulu",
      "Europe/London",
      "Asia/Kolkata",
      "Asia/Kathmandu",
      "Pacific/Auckland",
      "Australia/Sydney",
    ])("%s", (timeZone) => {
      for (const window of windows) {
        for (const day of days) {
          for (let minutes = 0; minutes < 48 * 60; minutes += 193) {
            const at = new Date(Date.parse(`${day}T00:00:17Z`) + minutes * 60_000)
            const probe = `${window.start}–${window.end} at ${at.toISOString()}`
            expect([probe, nextAllowedSendTime(at, timeZone, window).toISOString()]).toEqual([
              probe,
              firstQuarterHourInside(at, timeZone, window),
            ])
          }
        }
      }
    })
  })

  it("throws on an unknown time zone, naming it", () => {
    expect(() => nextAllowedSendTime(new Date(), "Mars/Olympus_Mons", DAYTIME)).toThrow(
      'Unknown time zone "Mars/Olympus_Mons"'
    )
  })
})

describe("isWithinWindow", () => {
  it.each([
    ["America/New_York", "2026-01-15T13:59:00Z", false, "08:59"],
    ["America/New_York", "2026-01-15T14:00:00Z", true, "09:00 (start is inside)"],
    ["America/New_York", "2026-01-16T00:59:00Z", true, "19:59"],
    ["America/New_York", "2026-01-16T01:00:00Z", false, "20:00 (end is outside)"],
    ["America/New_York", "2026-07-15T13:00:00Z", true, "09:00 EDT"],
    ["America/New_York", "2026-07-15T12:59:00Z", false, "08:59 EDT"],
    ["Asia/Kolkata", "2026-01-15T03:29:00Z", false, "08:59 IST"],
    ["Asia/Kolkata", "2026-01-15T03:30:00Z", true, "09:00 IST"],
    ["Asia/Kathmandu", "2026-01-15T03:14:00Z", false, "08:59 NPT"],
    ["Asia/Kathmandu", "2026-01-15T03:15:00Z", true, "09:00 NPT"],
    ["Pacific/Honolulu", "2026-01-15T06:00:00Z", false, "20:00 HST"],
    ["Pacific/Honolulu", "2026-01-15T05:59:00Z", true, "19:59 HST"],
  ])("%s %s → %s (%s)", (timeZone, at, within) => {
    expect(isWithinWindow(utc(at), timeZone, DAYTIME)).toBe(within)
  })

  it("treats an end of 24:00 as the end of the day", () => {
    const window = { start: "09:00", end: "24:00" }
    expect(isWithinWindow(utc("2026-01-16T04:59:00Z"), "America/New_York", window)).toBe(true)
    expect(isWithinWindow(utc("2026-01-16T05:00:00Z"), "America/New_York", window)).toBe(false)
  })
})

describe("parseSendWindow", () => {
  it.each([
    [{ start: "09:00", end: "20:00" }, { start: 540, end: 1200 }],
    [{ start: "00:00", end: "24:00" }, { start: 0, end: 1440 }],
    [{ start: "08:15", end: "08:16" }, { start: 495, end: 496 }],
    [{ start: "23:59", end: "24:00" }, { start: 1439, end: 1440 }],
  ])("%j → %j", (window, minutes) => {
    expect(parseSendWindow(window)).toEqual(minutes)
  })

  it.each([
    [{ start: "20:00", end: "09:00" }, 'start "20:00" must be before end "09:00"'],
    [{ start: "09:00", end: "09:00" }, 'start "09:00" must be before end "09:00"'],
    [{ start: "22:00", end: "06:00" }, "cannot span midnight"],
    [{ start: "9:00", end: "20:00" }, 'Invalid send window start "9:00"'],
    [{ start: "09:00", end: "25:00" }, 'Invalid send window end "25:00"'],
    [{ start: "09:60", end: "20:00" }, 'Invalid send window start "09:60"'],
    [{ start: "24:00", end: "24:00" }, 'Invalid send window start "24:00"'],
    [{ start: "09:00", end: "24:01" }, 'Invalid send window end "24:01"'],
    [{ start: "", end: "20:00" }, 'Invalid send window start ""'],
    [{ start: "09:00 ", end: "20:00" }, 'Invalid send window start "09:00 "'],
    [{ start: "9am", end: "8pm" }, 'Invalid send window start "9am"'],
  ])("%j throws %p", (window, message) => {
    expect(() => parseSendWindow(window)).toThrow(message)
    expect(() => isWithinWindow(new Date(), "UTC", window)).toThrow(message)
    expect(() => nextAllowedSendTime(new Date(), "UTC", window)).toThrow(message)
  })
})
