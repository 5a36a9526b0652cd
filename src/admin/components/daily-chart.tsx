import { Text } from "@medusajs/ui"
import type { Stats } from "../lib/types"
import { formatDay, formatNumber } from "../lib/format"

const CHART_HEIGHT = 160

/** Texts sent per day as bars, the recovered carts of the day as a darker share of each bar. */
export const DailyChart = ({ daily }: { daily: Stats["daily"] }) => {
  const max = Math.max(1, ...daily.map((day) => day.sent))
  if (daily.every((day) => day.sent === 0 && day.recovered === 0)) {
    return <Text size="small" className="text-ui-fg-subtle">No texts in this range.</Text>
  }
  return (
    <figure className="flex flex-col gap-y-2">
      <div className="flex items-end" style={{ height: CHART_HEIGHT, gap: 2 }} role="list" aria-label="Texts sent per day">
        {daily.map((day) => {
          const label = `${formatDay(day.date)}: ${formatNumber(day.sent)} sent, ${formatNumber(day.clicks)} clicks, ${formatNumber(day.recovered)} recovered`
          const recoveredShare = day.sent ? Math.min(day.recovered, day.sent) / day.sent : 0
          return (
            <div key={day.date} role="listitem" aria-label={label} title={label} className="flex h-full flex-1 flex-col justify-end">
              <div
                className="flex flex-col justify-end rounded-t-sm"
                style={{ height: `${(day.sent / max) * 100}%`, background: "color-mix(in srgb, var(--tag-blue-icon) 45%, transparent)" }}
              >
                <div style={{ height: `${recoveredShare * 100}%`, background: "var(--tag-green-icon)" }} />
              </div>
            </div>
          )
        })}
      </div>
      <figcaption className="flex justify-between">
        <Text size="xsmall" className="text-ui-fg-subtle">{formatDay(daily[0].date)}</Text>
        <Text size="xsmall" className="text-ui-fg-subtle">Texts sent (blue), of which recovered carts (green)</Text>
        <Text size="xsmall" className="text-ui-fg-subtle">{formatDay(daily[daily.length - 1].date)}</Text>
      </figcaption>
    </figure>
  )
}
