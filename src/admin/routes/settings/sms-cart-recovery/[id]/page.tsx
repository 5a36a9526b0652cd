import { Alert, Container, Text } from "@medusajs/ui"
import { useParams } from "react-router-dom"
import { CampaignEditor } from "../../../../components/campaign-editor"
import { TestTextSection } from "../../../../components/test-text-section"
import { useCampaign } from "../../../../hooks/api"

/** One campaign: its settings, targeting and steps, and a test text of a saved step. */
const SmsCampaignPage = () => {
  const { id } = useParams()
  const { data, isPending, isError, error } = useCampaign(id)
  return (
    <div className="flex flex-col gap-y-3">
      {isPending && (
        <Container className="p-6">
          <Text>Loading the campaign…</Text>
        </Container>
      )}
      {isError && (
        <Container className="p-6">
          <Alert variant="error">Could not load the SMS campaign: {error.message}</Alert>
        </Container>
      )}
      {data && <CampaignEditor key={data.campaign.id} campaign={data.campaign} />}
      {data && <TestTextSection campaign={data.campaign} />}
    </div>
  )
}

export default SmsCampaignPage
