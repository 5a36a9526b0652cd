import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { Container, Text } from "@medusajs/ui"
import { useMemo } from "react"
import { Link } from "react-router-dom"
import { useStats } from "../hooks/api"
import { lastDays } from "../lib/date-range"
import { formatMoney, formatNumber, formatPercent } from "../lib/format"

/** Above the orders list: what SMS reminders recovered in the last 30 days. */
const OrdersSmsRecoveryWidget = () => {
  const range = useMemo(() => lastDays(30), [])
  const { data, isPending, isError } = useStats(range)
  const stats = data?.stats
  return (
    <Container className="flex flex-wrap items-center justify-between gap-2 px-6 py-3" data-testid="sms-recovery-orders-widget">
      <Text size="small" weight="plus">SMS cart recovery · last 30 days</Text>
      {isPending && <Text size="small" className="text-ui-fg-subtle">Loading…</Text>}
      {isError && <Text size="small" className="text-ui-fg-error">Could not load the SMS stats</Text>}
      {stats && (
        <Text size="small" className="tabular-nums">
          {stats.recovered_revenue.map((revenue) => formatMoney(revenue.total, revenue.currency_code)).join(" · ") || "Nothing"} recovered
          {" from "}
          {formatNumber(stats.recovered_carts)} cart{stats.recovered_carts === 1 ? "" : "s"} · {formatNumber(stats.sent)} texts · CTR{" "}
          {formatPercent(stats.ctr)}
        </Text>
      )}
      <Link to="/sms-recovery" className="txt-compact-small text-ui-fg-interactive">
        View SMS stats
      </Link>
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "order.list.before",
})

export default OrdersSmsRecoveryWidget
