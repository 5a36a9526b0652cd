const DAY_MS = 86_400_000

/** `YYYY-MM-DD` of a date in UTC, as the stats API reads a date. */
export const isoDay = (date: Date) => date.toISOString().slice(0, 10)

/** The last `days` days up to today (both included). */
export function lastDays(days: number, today = new Date()): { from: string; to: string } {
  return { from: isoDay(new Date(today.getTime() - (days - 1) * DAY_MS)), to: isoDay(today) }
}
