/** Local send window, `"HH:MM"` 24-hour; `end` is exclusive and may be `"24:00"`. */
export type SendWindow = { start: string; end: string }

const MINUTE_MS = 60_000
const DAY_MINUTES = 24 * 60
const HOUR_MINUTE = /^(\d{2}):(\d{2})$/
/** Enough to step over any daylight-saving gap, including Samoa's skipped day in 2011. */
const DAYS_TO_SEARCH = 3

type LocalDate = { year: number; month: number; day: number }
type LocalDateTime = LocalDate & { minutes: number }
type WindowMinutes = { start: number; end: number }

/** Whether `at` falls inside `[start, end)` on the wall clock of `timeZone`. */
export function isWithinWindow(at: Date, timeZone: string, window: SendWindow): boolean {
  return withinWindow(at.getTime(), timeZone, parseSendWindow(window))
}

/**
 * `at` itself when it is inside the window, else the instant the window next opens on the
 * recipient's wall clock: today's opening before `start`, tomorrow's at or after `end`.
 * Daylight saving time is followed: an opening that falls in a spring-forward gap (02:30 on
 * the night clocks jump from 02:00 to 03:00) opens at the first instant after the gap, and one
 * that occurs twice (fall-back night) opens at its first occurrence after `at`.
 */
export function nextAllowedSendTime(at: Date, timeZone: string, window: SendWindow): Date {
  const minutes = parseSendWindow(window)
  const now = at.getTime()
  if (withinWindow(now, timeZone, minutes)) {
    return at
  }
  const local = localDateTime(now, timeZone)
  const firstDay = local.minutes < minutes.start ? 0 : 1
  for (let dayOffset = firstDay; dayOffset < firstDay + DAYS_TO_SEARCH; dayOffset++) {
    const date = addDays(local, dayOffset)
    const opening = instantsOf({ ...date, minutes: minutes.start }, timeZone).find(
      (instant) => instant > now && withinWindow(instant, timeZone, minutes)
    )
    if (opening !== undefined) {
      return new Date(opening)
    }
  }
  throw new Error(`No opening of send window ${window.start}–${window.end} found in ${timeZone}`)
}

/**
 * Validates a window and returns it in minutes since midnight. Throws when a time is not
 * `"HH:MM"` or when `start` is not before `end`: windows never span midnight in this product.
 */
export function parseSendWindow(window: SendWindow): WindowMinutes {
  const start = parseTime(window.start, "start", DAY_MINUTES - 1)
  const end = parseTime(window.end, "end", DAY_MINUTES)
  if (start >= end) {
    throw new Error(
      `Invalid send window: start "${window.start}" must be before end "${window.end}" ` +
        "(a window cannot span midnight)"
    )
  }
  return { start, end }
}

function parseTime(value: string, field: keyof SendWindow, maxMinutes: number): number {
  const match = HOUR_MINUTE.exec(value)
  const hours = Number(match?.[1])
  const minutesPastHour = Number(match?.[2])
  const minutes = hours * 60 + minutesPastHour
  if (!match || minutesPastHour > 59 || minutes > maxMinutes) {
    throw new Error(`Invalid send window ${field} "${value}": expected "HH:MM" from 00:00 to 24:00`)
  }
  return minutes
}

function withinWindow(instant: number, timeZone: string, window: WindowMinutes): boolean {
  const { minutes } = localDateTime(instant, timeZone)
  return minutes >= window.start && minutes < window.end
}

/**
 * Every instant whose wall clock in `timeZone` reads `local`: one normally, two in a fall-back
 * overlap (earliest first), and in a spring-forward gap the single instant the gap ends.
 */
function instantsOf(local: LocalDateTime, timeZone: string): number[] {
  const wall = wallClockMs(local)
  // The UTC offset can only take the values it has just before and just after the wall time.
  const dayMs = DAY_MINUTES * MINUTE_MS
  const offsets = new Set([offsetMs(wall - dayMs, timeZone), offsetMs(wall + dayMs, timeZone)])
  const candidates = [...offsets].map((offset) => wall - offset).sort((a, b) => a - b)
  const exact = candidates.filter((instant) => instant + offsetMs(instant, timeZone) === wall)
  if (exact.length > 0) {
    return exact
  }
  return [firstInstantReaching(wall, candidates[0], candidates[candidates.length - 1], timeZone)]
}

/** Binary search for the first instant whose wall clock is at or past `wall` (a gap's end). */
function firstInstantReaching(wall: number, low: number, high: number, timeZone: string): number {
  let before = low
  let after = high
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2)
    if (middle + offsetMs(middle, timeZone) >= wall) {
      after = middle
    } else {
      before = middle
    }
  }
  return after
}

/** UTC offset of `timeZone` at `instant`, in milliseconds (wall clock minus UTC). */
function offsetMs(instant: number, timeZone: string): number {
  const parts = partsOf(instant, timeZone)
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second)
  return wall - Math.floor(instant / 1000) * 1000
}

function localDateTime(instant: number, timeZone: string): LocalDateTime {
  const { year, month, day, hour, minute } = partsOf(instant, timeZone)
  return { year, month, day, minutes: hour * 60 + minute }
}

/** The wall clock as if it were UTC: lets calendar arithmetic ignore the zone. */
function wallClockMs(local: LocalDateTime): number {
  return Date.UTC(local.year, local.month - 1, local.day) + local.minutes * MINUTE_MS
}

function addDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days))
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() }
}

type DateTimeParts = LocalDate & { hour: number; minute: number; second: number }

function partsOf(instant: number, timeZone: string): DateTimeParts {
  const parts = formatterFor(timeZone).formatToParts(instant)
  const valueOf = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((part) => part.type === type)?.value)
  return {
    year: valueOf("year"),
    month: valueOf("month"),
    day: valueOf("day"),
    hour: valueOf("hour"),
    minute: valueOf("minute"),
    second: valueOf("second"),
  }
}

/** One formatter per zone: building an `Intl.DateTimeFormat` costs far more than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  const cached = formatters.get(timeZone)
  if (cached) {
    return cached
  }
  const formatter = createFormatter(timeZone)
  formatters.set(timeZone, formatter)
  return formatter
}

function createFormatter(timeZone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    })
  } catch {
    throw new Error(`Unknown time zone "${timeZone}"`)
  }
}
