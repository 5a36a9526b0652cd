import { model } from "@medusajs/framework/utils"
import { CampaignStep } from "./campaign-step"

/** One text of a step; several variants with weights make an A/B test. */
export const StepVariant = model.define("sms_step_variant", {
  id: model.id({ prefix: "smsvar" }).primaryKey(),
  step: model.belongsTo(() => CampaignStep, { mappedBy: "variants" }),
  name: model.text(),
  /** Handlebars template, validated when saved. */
  template: model.text(),
  /** Relative share of carts that get this variant. */
  weight: model.number().default(1),
  /**
   * Minutes after abandonment this variant is sent at, when it tests timing as well as text;
   * `null` sends it at the step's delay.
   */
  delay_minutes: model.number().nullable(),
})
