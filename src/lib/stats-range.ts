const DAY_MS = 86_400_000

/**
 * The longest range the daily rollups answer: they keep the day of a text's predecessor only
 * up to 400 days back, and a range reads it up to a day before its start.
 */
export const MAX_ROLLUP_RANGE_DAYS = 398

/** A half-open time range `[from, to)`. */
export type Interval = { from: Date; to: Date }

/**
 * How the stats read a range: whole UTC days from the daily rollups, the partial days at its
 * ends from the texts themselves.
 */
export type StatsRangeSplit = {
  /** Whole UTC days inside the range, `[first, end)` as `YYYY-MM-DD` and as instants; null when there are none. */
  days: { first: string; end: string; from: Date; to: Date } | null
  /** The parts of the range outside whole days, read from raw rows; at most two. */
  edges: Interval[]
  /**
   * The UTC day `from` falls on. A text of a whole day was the first of its recovery (or
   * number) in the range when the text before it was sent before `from`: before this day,
   * which the rollup tells, or on this day before `from`, which only the raw rows tell.
   */
  fromDay: string
  /**
   * When `from` is not midnight: `[start of its day, from)`, the stretch in which a whole-day
   * text's predecessor makes it the first of the range although the rollup places that
   * predecessor on the range's own first day.
   */
  beforeFrom: Interval | null
}

/** Splits `[from, to)` into whole UTC days and partial edges. Pure. */
export function splitStatsRange(from: Date, to: Date): StatsRangeSplit {
  const fromDayStart = startOfUtcDay(from)
  const firstWhole = from.getTime() === fromDayStart.getTime() ? fromDayStart : addDays(fromDayStart, 1)
  const endWhole = startOfUtcDay(to)
  const fromDay = isoDay(fromDayStart)
  if (to <= from) {
    return { days: null, edges: [], fromDay, beforeFrom: null }
  }
  if (firstWhole >= endWhole) {
    return { days: null, edges: [{ from, to }], fromDay, beforeFrom: null }
  }
  const edges: Interval[] = []
  if (from < firstWhole) {
    edges.push({ from, to: firstWhole })
  }
  if (endWhole < to) {
    edges.push({ from: endWhole, to })
  }
  return {
    days: { first: isoDay(firstWhole), end: isoDay(endWhole), from: firstWhole, to: endWhole },
    edges,
    fromDay,
    beforeFrom: from < firstWhole ? { from: fromDayStart, to: from } : null,
  }
}

function startOfUtcDay(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS)
}

function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS)
}

function isoDay(at: Date): string {
  return at.toISOString().slice(0, 10)
}
