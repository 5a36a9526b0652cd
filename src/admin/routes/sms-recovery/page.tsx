import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ChatBubbleLeftRight } from "@medusajs/icons"
import { Alert, Button, Container, Heading, Input, Label, Table, Text } from "@medusajs/ui"
import { useState } from "react"
import { Link } from "react-router-dom"
import { DailyChart } from "../../components/daily-chart"
import { ExperimentsSection } from "../../components/experiments-section"
import { StatCard } from "../../components/stat-card"
import { useExperiments, useStats, type StatsQuery } from "../../hooks/api"
import { lastDays } from "../../lib/date-range"
import { formatMoney, formatNumber, formatPercent } from "../../lib/format"
import { describeComparison } from "../../lib/significance-text"
import type { Stats } from "../../lib/types"

const SmsRecoveryStatsPage = () => {
  const [range, setRange] = useState(() => lastDays(30))
  const { data, isPending, isError, error, isFetching } = useStats(range)
  const stats = data?.stats

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="flex flex-wrap items-end justify-between gap-4 p-6">
        <div>
          <Heading level="h1">SMS recovery</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            What the reminders sent and won back. <Link className="text-ui-fg-interactive" to="/sms-recovery/messages">See every text</Link>
            {" · "}
            <Link className="text-ui-fg-interactive" to="/sms-recovery/replies">Replies</Link>
            {" · "}
            <Link className="text-ui-fg-interactive" to="/settings/sms-cart-recovery">Campaign settings</Link>
          </Text>
        </div>
        <div className="flex items-end gap-x-2" role="group" aria-label="Date range">
          <div className="flex flex-col gap-y-1">
            <Label htmlFor="stats-from" size="xsmall">From</Label>
            <Input id="stats-from" type="date" size="small" value={range.from} max={range.to} onChange={(event) => event.target.value && setRange({ ...range, from: event.target.value })} />
          </div>
          <div className="flex flex-col gap-y-1">
            <Label htmlFor="stats-to" size="xsmall">To</Label>
            <Input id="stats-to" type="date" size="small" value={range.to} min={range.from} onChange={(event) => event.target.value && setRange({ ...range, to: event.target.value })} />
          </div>
          <Button size="small" variant="secondary" onClick={() => setRange(lastDays(7))}>7 days</Button>
          <Button size="small" variant="secondary" onClick={() => setRange(lastDays(30))}>30 days</Button>
          <Button size="small" variant="secondary" onClick={() => setRange(lastDays(90))}>90 days</Button>
        </div>
      </Container>
      {isPending && <Container className="p-6"><Text>Loading the numbers…</Text></Container>}
      {isError && <Container className="p-6"><Alert variant="error">Could not load the stats: {error.message}</Alert></Container>}
      {stats && (
        <div style={{ opacity: isFetching ? 0.6 : 1 }} aria-busy={isFetching}>
          <Headline stats={stats} />
          <Container className="mt-3 flex flex-col gap-y-3 p-6">
            <Heading level="h2">Per day</Heading>
            <DailyChart daily={stats.daily} />
          </Container>
          <StepTable stats={stats} />
          <VariantTable stats={stats} />
        </div>
      )}
      <Experiments range={range} />
    </div>
  )
}

/**
 * The holdout comparison asks for its own, slower route while the stats above are already
 * shown, and comes last so its arrival moves nothing the admin is reading.
 */
const Experiments = ({ range }: { range: StatsQuery }) => {
  const { data, isPending, isError, error, isFetching } = useExperiments(range)
  if (isPending) {
    return <Container className="p-6"><Text>Comparing texted and held-out carts…</Text></Container>
  }
  if (isError) {
    return <Container className="p-6"><Alert variant="error">Could not load the holdout comparison: {error.message}</Alert></Container>
  }
  return (
    <div className="flex flex-col gap-y-3" style={{ opacity: isFetching ? 0.6 : 1 }} aria-busy={isFetching}>
      <ExperimentsSection experiments={data.experiments} />
    </div>
  )
}

const revenueText = (stats: Stats) =>
  stats.recovered_revenue.length === 0
    ? "—"
    : stats.recovered_revenue.map((revenue) => formatMoney(revenue.total, revenue.currency_code)).join(" · ")

const Headline = ({ stats }: { stats: Stats }) => (
  <div className="grid gap-3" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(220px, 1fr))" }}>
    <StatCard
      testId="stat-revenue"
      label="Recovered revenue"
      value={revenueText(stats)}
      detail={stats.recovered_revenue.map((revenue) => `click ${formatMoney(revenue.click, revenue.currency_code)} · view ${formatMoney(revenue.view, revenue.currency_code)}`).join("; ") || "No recovered orders"}
    />
    <StatCard testId="stat-recovered" label="Recovered carts" value={formatNumber(stats.recovered_carts)} detail={`${formatPercent(stats.conversion_rate)} of texted carts`} />
    <StatCard testId="stat-sent" label="Texts sent" value={formatNumber(stats.sent)} detail={`${formatNumber(stats.delivered)} delivered · ${formatNumber(stats.failed)} failed`} />
    <StatCard testId="stat-clicks" label="Clicks" value={formatNumber(stats.clicks)} detail={`CTR ${formatPercent(stats.ctr)} (${formatNumber(stats.unique_clicks)} texts clicked)`} />
    <StatCard testId="stat-opt-out" label="Opt-out rate" value={formatPercent(stats.opt_out_rate)} />
    <StatCard
      testId="stat-revenue-per-text"
      label="Revenue per text"
      value={stats.revenue_per_message.map((revenue) => formatMoney(revenue.amount, revenue.currency_code)).join(" · ") || "—"}
    />
    <StatCard testId="stat-segments" label="Segments billed" value={formatNumber(stats.segments)} />
  </div>
)

const revenueCell = (rows: { currency_code: string; total: string }[]) =>
  rows.map((revenue) => formatMoney(revenue.total, revenue.currency_code)).join(" · ") || "—"

const StepTable = ({ stats }: { stats: Stats }) => (
  <Container className="mt-3 p-0">
    <div className="px-6 py-4"><Heading level="h2">Per step</Heading></div>
    {stats.by_step.length === 0 ? (
      <Text size="small" className="px-6 pb-4 text-ui-fg-subtle">No texts in this range.</Text>
    ) : (
      <Table>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>Step</Table.HeaderCell>
            <Table.HeaderCell className="text-right">Sent</Table.HeaderCell>
            <Table.HeaderCell className="text-right">Delivered</Table.HeaderCell>
            <Table.HeaderCell className="text-right">Clicks</Table.HeaderCell>
            <Table.HeaderCell className="text-right">CTR</Table.HeaderCell>
            <Table.HeaderCell className="text-right">Recovered</Table.HeaderCell>
            <Table.HeaderCell className="text-right">Revenue</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {stats.by_step.map((step) => (
            <Table.Row key={step.step_position}>
              <Table.Cell>Step {step.step_position}</Table.Cell>
              <Table.Cell className="text-right tabular-nums">{formatNumber(step.sent)}</Table.Cell>
              <Table.Cell className="text-right tabular-nums">{formatNumber(step.delivered)}</Table.Cell>
              <Table.Cell className="text-right tabular-nums">{formatNumber(step.clicks)}</Table.Cell>
              <Table.Cell className="text-right tabular-nums">{formatPercent(step.ctr)}</Table.Cell>
              <Table.Cell className="text-right tabular-nums">{formatNumber(step.recovered_carts)}</Table.Cell>
              <Table.Cell className="text-right tabular-nums">{revenueCell(step.recovered_revenue)}</Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    )}
  </Container>
)

const VariantTable = ({ stats }: { stats: Stats }) => {
  const nameOf = (id: string | undefined) => stats.by_variant.find((variant) => variant.variant_id === id)?.name ?? "the first variant"
  return (
    <Container className="mt-3 p-0">
      <div className="px-6 py-4">
        <Heading level="h2">Per variant</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          Each variant against its step's first variant: recovered carts per text sent, two-proportion z-test.
        </Text>
      </div>
      {stats.by_variant.length === 0 ? (
        <Text size="small" className="px-6 pb-4 text-ui-fg-subtle">No texts in this range.</Text>
      ) : (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Step</Table.HeaderCell>
              <Table.HeaderCell>Variant</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Sent</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Recovered</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Conversion</Table.HeaderCell>
              <Table.HeaderCell>Against the baseline</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {stats.by_variant.map((variant) => (
              <Table.Row key={variant.variant_id}>
                <Table.Cell>{variant.step_position ?? "—"}</Table.Cell>
                <Table.Cell>{variant.name ?? "—"}</Table.Cell>
                <Table.Cell className="text-right tabular-nums">{formatNumber(variant.sent)}</Table.Cell>
                <Table.Cell className="text-right tabular-nums">{formatNumber(variant.recovered_carts)}</Table.Cell>
                <Table.Cell className="text-right tabular-nums">{variant.sent ? formatPercent(variant.recovered_carts / variant.sent) : "—"}</Table.Cell>
                <Table.Cell className="whitespace-normal">{describeComparison(variant, nameOf(variant.comparison?.baseline_variant_id))}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "SMS recovery",
  icon: ChatBubbleLeftRight,
})

export default SmsRecoveryStatsPage
