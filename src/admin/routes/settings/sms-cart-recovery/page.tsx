import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Trash } from "@medusajs/icons"
import { Alert, Badge, Button, Container, Heading, IconButton, Table, Text, toast, usePrompt } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { CAMPAIGNS_PATH } from "../../../components/campaign-editor"
import { WebhooksSection } from "../../../components/webhooks-section"
import { useCampaigns, useDeleteCampaign, useTargetingOptions } from "../../../hooks/api"
import { targetingSummary } from "../../../lib/targeting-summary"
import type { Campaign, TargetingOptions } from "../../../lib/types"

/** The campaigns in the order carts try them, to open, create and delete; and the Sinch callback URLs. */
const SmsCartRecoverySettingsPage = () => {
  const { data, isPending, isError, error } = useCampaigns()
  const { data: options } = useTargetingOptions()
  return (
    <div className="flex flex-col gap-y-3">
      <Container className="p-0">
        <div className="flex items-center justify-between px-6 py-4">
          <div>
            <Heading level="h1">SMS cart recovery</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              Texts shoppers who consented a link back to the cart they left. A cart joins the first switched-on campaign
              it matches, from the top of this list down.
            </Text>
          </div>
          <Button size="small" variant="secondary" asChild>
            <Link to={`${CAMPAIGNS_PATH}/create`}>Create</Link>
          </Button>
        </div>
        {isPending && <Text className="px-6 pb-4">Loading the campaigns…</Text>}
        {isError && (
          <div className="px-6 pb-4">
            <Alert variant="error">Could not load the SMS campaigns: {error.message}</Alert>
          </div>
        )}
        {data && (
          <Table data-testid="sms-campaigns">
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Campaign</Table.HeaderCell>
                <Table.HeaderCell>Status</Table.HeaderCell>
                <Table.HeaderCell>Priority</Table.HeaderCell>
                <Table.HeaderCell>Targeting</Table.HeaderCell>
                <Table.HeaderCell>Holdout</Table.HeaderCell>
                <Table.HeaderCell />
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {data.campaigns.map((campaign) => (
                <CampaignRow key={campaign.id} campaign={campaign} options={options} />
              ))}
            </Table.Body>
          </Table>
        )}
      </Container>
      <WebhooksSection />
    </div>
  )
}

const CampaignRow = ({ campaign, options }: { campaign: Campaign; options?: TargetingOptions }) => {
  const remove = useDeleteCampaign()
  const confirm = usePrompt()
  const targeting = targetingSummary(campaign, options)

  const deleteCampaign = async () => {
    const sure = await confirm({
      title: `Delete "${campaign.name}"?`,
      description: "Its settings and steps are removed; what it sent stays in the stats. This cannot be undone.",
      confirmText: "Delete",
      cancelText: "Cancel",
    })
    if (!sure) {
      return
    }
    remove.mutate(campaign.id, {
      onSuccess: () => toast.success(`SMS campaign "${campaign.name}" deleted`),
      onError: (failure) => toast.error(failure.message),
    })
  }

  return (
    <Table.Row data-testid={`sms-campaign-${campaign.id}`}>
      <Table.Cell>
        <Link className="text-ui-fg-interactive" to={`${CAMPAIGNS_PATH}/${campaign.id}`}>
          {campaign.name}
        </Link>
      </Table.Cell>
      <Table.Cell>
        <Badge size="2xsmall" color={campaign.enabled ? "green" : "grey"}>
          {campaign.enabled ? "On" : "Off"}
        </Badge>
      </Table.Cell>
      <Table.Cell>{campaign.priority}</Table.Cell>
      <Table.Cell className="whitespace-normal" data-testid="campaign-targeting-summary">
        {targeting.length === 0 ? <span className="text-ui-fg-subtle">Any cart</span> : targeting.join(" · ")}
      </Table.Cell>
      <Table.Cell>{campaign.holdout_percent}%</Table.Cell>
      <Table.Cell className="text-right">
        <IconButton
          size="small"
          variant="transparent"
          aria-label={`Delete ${campaign.name}`}
          onClick={deleteCampaign}
          disabled={remove.isPending}
        >
          <Trash />
        </IconButton>
      </Table.Cell>
    </Table.Row>
  )
}

export const config = defineRouteConfig({
  label: "SMS cart recovery",
})

export default SmsCartRecoverySettingsPage
