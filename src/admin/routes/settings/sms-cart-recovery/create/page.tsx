import { CampaignEditor } from "../../../../components/campaign-editor"

/** A new campaign, created with its first save. */
const CreateSmsCampaignPage = () => <CampaignEditor />

export default CreateSmsCampaignPage
