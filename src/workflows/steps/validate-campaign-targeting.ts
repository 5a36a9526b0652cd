import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { CampaignTargetingInput } from "../update-campaign"

/** A targeting list and the Medusa records its values must name. */
type TargetingList = {
  field: keyof CampaignTargetingInput
  entity: string
  key: "id" | "code"
  /** What the problem calls a missing value, e.g. "region". */
  noun: string
}

const TARGETING_LISTS: TargetingList[] = [
  { field: "region_ids", entity: "region", key: "id", noun: "region" },
  { field: "currency_codes", entity: "currency", key: "code", noun: "known ISO 4217 currency" },
  { field: "sales_channel_ids", entity: "sales_channel", key: "id", noun: "sales channel" },
  { field: "customer_group_ids", entity: "customer_group", key: "id", noun: "customer group" },
]

export const validateCampaignTargetingStepId = "validate-sms-campaign-targeting"
/**
 * This step checks that the regions, currencies, sales channels and customer groups a campaign
 * targets exist, through Medusa's query (one read per list given). A campaign aimed at a
 * record that is not there would silently match no cart. Throws one error naming every value
 * at fault, e.g. `Invalid request: region_ids.1: "reg_123" is not a region`.
 */
export const validateCampaignTargetingStep = createStep(
  validateCampaignTargetingStepId,
  async (input: CampaignTargetingInput, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const problems: string[] = []
    for (const { field, entity, key, noun } of TARGETING_LISTS) {
      const values = input[field] as string[] | undefined
      if (!values?.length) {
        continue
      }
      const { data } = await query.graph({ entity, fields: [key], filters: { [key]: values } })
      const found = new Set((data as Record<string, string>[]).map((record) => record[key]))
      values.forEach((value, index) => {
        if (!found.has(value)) {
          problems.push(`${field}.${index}: "${value}" is not a ${noun}`)
        }
      })
    }
    if (problems.length > 0) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid request: ${problems.join("; ")}`)
    }
    return new StepResponse(void 0)
  }
)
