import { model } from "@medusajs/framework/utils"
import { Campaign } from "./campaign"
import { StepVariant } from "./step-variant"

export const INCENTIVE_TYPES = ["percentage", "fixed", "free_shipping"] as const

/**
 * One position in a campaign: what is sent how long after abandonment. `channel` is `sms`,
 * `email`, or a developer's own kind, handed to the `customStep` hook.
 */
export const CampaignStep = model
  .define("sms_campaign_step", {
    id: model.id({ prefix: "smsstep" }).primaryKey(),
    campaign: model.belongsTo(() => Campaign, { mappedBy: "steps" }),
    /** 1-based order within the campaign. */
    position: model.number(),
    /** Minutes after abandonment. */
    delay_minutes: model.number(),
    channel: model.text().default("sms"),
    /** A step not sent within this long of its due time (quiet hours, outages) is skipped. */
    expires_after_hours: model.number().default(24),
    incentive_type: model.enum([...INCENTIVE_TYPES]).nullable(),
    /** Percent for `percentage`, amount in the cart's currency for `fixed`. */
    incentive_value: model.bigNumber().nullable(),
    /** How long the incentive's code stays valid after the text is sent. */
    incentive_expiry_hours: model.number().nullable(),
    variants: model.hasMany(() => StepVariant, { mappedBy: "step" }),
  })
  .indexes([{ on: ["campaign_id", "position"], unique: true }])
