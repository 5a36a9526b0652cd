import { Container, Heading, Table, Text } from "@medusajs/ui"
import { formatMoney, formatNumber, formatPercent } from "../lib/format"
import { describeConversion, describeIncremental } from "../lib/incremental-text"
import type { CampaignExperiment, Experiments } from "../lib/types"

const attributedText = (campaign: CampaignExperiment) =>
  campaign.treated.revenue.map((revenue) => formatMoney(revenue.total, revenue.currency_code)).join(" · ") || "—"

const netText = (campaign: CampaignExperiment) =>
  campaign.net.map((line) => formatMoney(line.net, line.currency_code)).join(" · ") || "—"

const netDetail = (campaign: CampaignExperiment) =>
  campaign.net
    .filter((line) => Number(line.incentive_cost) !== 0 || Number(line.text_cost) !== 0)
    .map(
      (line) =>
        `codes ${formatMoney(line.incentive_cost, line.currency_code)} · texts ${formatMoney(line.text_cost, line.currency_code)}`
    )
    .join("; ")

const Lines = ({ lines, testId }: { lines: string[]; testId?: string }) => (
  <div className="flex flex-col" data-testid={testId}>
    {lines.map((line) => (
      <Text key={line} size="small">
        {line}
      </Text>
    ))}
  </div>
)

/**
 * Campaigns side by side: what the texted carts brought (attributed), what the texts added
 * over the held-out carts (incremental, with its interval), and what is left after the codes
 * and the texts are paid (net); then the same comparison per step.
 */
export const ExperimentsSection = ({ experiments }: { experiments: Experiments }) => {
  const campaigns = experiments.campaigns
  return (
    <>
      <Container className="p-0" data-testid="campaign-comparison">
        <div className="px-6 py-4">
          <Heading level="h2">Campaigns: attributed and incremental</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Attributed: orders credited to a text. Incremental: what texted carts earned per eligible cart beyond
            held-out carts, which get no text (Welch's test, 95 % interval). Net: attributed revenue less the
            plugin's codes and the texts' cost.
          </Text>
        </div>
        {campaigns.length === 0 ? (
          <Text size="small" className="px-6 pb-4 text-ui-fg-subtle">No campaigns.</Text>
        ) : (
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Campaign</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Eligible carts</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Attributed revenue</Table.HeaderCell>
                <Table.HeaderCell>Incremental</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Net</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {campaigns.map((campaign) => (
                <Table.Row key={campaign.campaign_id} data-testid={`experiment-campaign-${campaign.campaign_id}`}>
                  <Table.Cell>
                    <Text size="small" weight="plus">{campaign.name ?? "Deleted campaign"}</Text>
                    <Text size="xsmall" className="text-ui-fg-subtle">
                      {campaign.holdout_percent === null ? "" : `${campaign.holdout_percent} % held out`}
                    </Text>
                  </Table.Cell>
                  <Table.Cell className="text-right tabular-nums">
                    {formatNumber(campaign.eligible_recoveries)}
                    <Text size="xsmall" className="text-ui-fg-subtle">
                      {formatNumber(campaign.treated.eligible_recoveries)} texted · {formatNumber(campaign.holdout.eligible_recoveries)} held out
                    </Text>
                  </Table.Cell>
                  <Table.Cell className="text-right tabular-nums">{attributedText(campaign)}</Table.Cell>
                  <Table.Cell className="whitespace-normal">
                    <Lines lines={describeIncremental(campaign, experiments.minimum_sample)} testId="incremental-line" />
                    <Text size="xsmall" className="text-ui-fg-subtle">Conversion {describeConversion(campaign)}</Text>
                  </Table.Cell>
                  <Table.Cell className="text-right tabular-nums">
                    {netText(campaign)}
                    <Text size="xsmall" className="text-ui-fg-subtle">{netDetail(campaign)}</Text>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        )}
      </Container>
      <StepComparisonTable experiments={experiments} />
    </>
  )
}

const StepComparisonTable = ({ experiments }: { experiments: Experiments }) => {
  const rows = experiments.campaigns.flatMap((campaign) =>
    campaign.by_step.map((step) => ({ campaign, step }))
  )
  if (rows.length === 0) {
    return null
  }
  return (
    <Container className="p-0">
      <div className="px-6 py-4">
        <Heading level="h2">Holdout per step</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          Carts whose step came due in the range, texted against held out; a cart's orders count whenever placed.
        </Text>
      </div>
      <Table>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>Campaign</Table.HeaderCell>
            <Table.HeaderCell>Step</Table.HeaderCell>
            <Table.HeaderCell className="text-right">Texted</Table.HeaderCell>
            <Table.HeaderCell className="text-right">Held out</Table.HeaderCell>
            <Table.HeaderCell>Incremental</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {rows.map(({ campaign, step }) => (
            <Table.Row key={`${campaign.campaign_id}-${step.step_position}`}>
              <Table.Cell>{campaign.name ?? "Deleted campaign"}</Table.Cell>
              <Table.Cell>Step {step.step_position}</Table.Cell>
              <Table.Cell className="text-right tabular-nums">
                {formatNumber(step.treated.eligible_recoveries)} · {formatPercent(step.treated.conversion_rate)}
              </Table.Cell>
              <Table.Cell className="text-right tabular-nums">
                {formatNumber(step.holdout.eligible_recoveries)} · {formatPercent(step.holdout.conversion_rate)}
              </Table.Cell>
              <Table.Cell className="whitespace-normal">
                <Lines lines={describeIncremental(step, experiments.minimum_sample)} />
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </Container>
  )
}
