import { ArrowDownMini, ArrowUpMini, Plus, Trash } from "@medusajs/icons"
import { Button, Container, Heading, IconButton, Input, Select, Text } from "@medusajs/ui"
import {
  DELAY_UNITS,
  move,
  newKey,
  nextVariantName,
  weightShares,
  type DelayUnit,
  type IncentiveKind,
  type StepDraft,
  type VariantDraft,
} from "../lib/campaign-form"
import { Field } from "./field"
import { TemplateEditor } from "./template-editor"

const MAX_STEPS = 5
const MAX_VARIANTS = 5
const CHANNELS = ["sms", "email"]
const INCENTIVES: Record<IncentiveKind, string> = {
  none: "No incentive",
  percentage: "Percentage off",
  fixed: "Fixed amount off",
  free_shipping: "Free shipping",
}

type StepsEditorProps = {
  campaignId?: string
  steps: StepDraft[]
  onChange: (steps: StepDraft[]) => void
  errors: Record<string, string>
  optOutLine: string
}

/** The campaign's steps in order: add, remove, reorder, and each step's variants. */
export const StepsEditor = ({ campaignId, steps, onChange, errors, optOutLine }: StepsEditorProps) => {
  const update = (index: number, patch: Partial<StepDraft>) =>
    onChange(steps.map((step, position) => (position === index ? { ...step, ...patch } : step)))
  const addStep = () => {
    const last = steps[steps.length - 1]
    onChange([
      ...steps,
      {
        key: newKey(),
        delay: last ? last.delay + 1 : 30,
        delayUnit: last?.delayUnit ?? "minutes",
        channel: "sms",
        expires_after_hours: 24,
        incentive: { type: "none", value: 10, expiry_hours: 48 },
        variants: [
          {
            key: newKey(),
            name: "A",
            weight: 1,
            template: `{{brand}}: your cart is waiting {{link}} ${optOutLine}`,
            delay: "",
            delayUnit: "minutes",
          },
        ],
      },
    ])
  }

  return (
    <div className="flex flex-col gap-y-3">
      {steps.map((step, index) => (
        <StepCard
          key={step.key}
          campaignId={campaignId}
          step={step}
          index={index}
          count={steps.length}
          errors={errors}
          onChange={(patch) => update(index, patch)}
          onMove={(by) => onChange(move(steps, index, by))}
          onRemove={() => onChange(steps.filter((_, position) => position !== index))}
        />
      ))}
      <div>
        <Button type="button" variant="secondary" size="small" onClick={addStep} disabled={steps.length >= MAX_STEPS}>
          <Plus /> Add step
        </Button>
      </div>
    </div>
  )
}

type StepCardProps = {
  campaignId?: string
  step: StepDraft
  index: number
  count: number
  errors: Record<string, string>
  onChange: (patch: Partial<StepDraft>) => void
  onMove: (by: -1 | 1) => void
  onRemove: () => void
}

const StepCard = ({ campaignId, step, index, count, errors, onChange, onMove, onRemove }: StepCardProps) => {
  const path = `steps.${index}`
  const id = `step-${index}`
  const shares = weightShares(step.variants)
  const updateVariant = (variantIndex: number, patch: Partial<VariantDraft>) =>
    onChange({
      variants: step.variants.map((variant, position) => (position === variantIndex ? { ...variant, ...patch } : variant)),
    })
  const addVariant = () =>
    onChange({
      variants: [
        ...step.variants,
        {
          key: newKey(),
          name: nextVariantName(step.variants),
          weight: 1,
          template: step.variants[0]?.template ?? "",
          delay: "",
          delayUnit: "minutes",
        },
      ],
    })
  const incentive = step.incentive

  return (
    <Container className="flex flex-col gap-y-4 p-4" data-testid={`step-${index + 1}`}>
      <div className="flex items-center justify-between">
        <Heading level="h3">Step {index + 1}</Heading>
        <div className="flex gap-x-1">
          <IconButton type="button" size="small" aria-label={`Move step ${index + 1} up`} disabled={index === 0} onClick={() => onMove(-1)}>
            <ArrowUpMini />
          </IconButton>
          <IconButton type="button" size="small" aria-label={`Move step ${index + 1} down`} disabled={index === count - 1} onClick={() => onMove(1)}>
            <ArrowDownMini />
          </IconButton>
          <IconButton type="button" size="small" aria-label={`Remove step ${index + 1}`} disabled={count === 1} onClick={onRemove}>
            <Trash />
          </IconButton>
        </div>
      </div>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
        <Field id={`${id}-delay`} label="Delay after abandonment" error={errors[`${path}.delay_minutes`]}>
          <div className="flex gap-x-2">
            <Input
              id={`${id}-delay`}
              type="number"
              min={0}
              size="small"
              value={step.delay}
              onChange={(event) => onChange({ delay: Number(event.target.value) })}
            />
            <DelayUnitSelect
              label={`Step ${index + 1} delay unit`}
              value={step.delayUnit}
              onChange={(delayUnit) => onChange({ delayUnit })}
            />
          </div>
        </Field>
        <Field id={`${id}-channel`} label="Channel" error={errors[`${path}.channel`]}>
          <Select value={step.channel} onValueChange={(channel) => onChange({ channel })}>
            <Select.Trigger id={`${id}-channel`}>
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              {[...new Set([...CHANNELS, step.channel])].map((channel) => (
                <Select.Item key={channel} value={channel}>
                  {channel === "sms" ? "SMS" : channel === "email" ? "Email" : channel}
                </Select.Item>
              ))}
            </Select.Content>
          </Select>
        </Field>
        <Field id={`${id}-expiry`} label="Skip if not sent within (hours)" error={errors[`${path}.expires_after_hours`]}>
          <Input
            id={`${id}-expiry`}
            type="number"
            min={1}
            max={168}
            size="small"
            value={step.expires_after_hours}
            onChange={(event) => onChange({ expires_after_hours: Number(event.target.value) })}
          />
        </Field>
      </div>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
        <Field id={`${id}-incentive`} label="Incentive" error={errors[`${path}.incentive.type`] ?? errors[`${path}.incentive`]}>
          <Select
            value={incentive.type}
            onValueChange={(type) => onChange({ incentive: { ...incentive, type: type as IncentiveKind } })}
          >
            <Select.Trigger id={`${id}-incentive`}>
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              {Object.entries(INCENTIVES).map(([value, label]) => (
                <Select.Item key={value} value={value}>
                  {label}
                </Select.Item>
              ))}
            </Select.Content>
          </Select>
        </Field>
        {(incentive.type === "percentage" || incentive.type === "fixed") && (
          <Field
            id={`${id}-incentive-value`}
            label={incentive.type === "percentage" ? "Percent off" : "Amount off (cart currency)"}
            error={errors[`${path}.incentive.value`]}
          >
            <Input
              id={`${id}-incentive-value`}
              type="number"
              min={0}
              size="small"
              value={incentive.value}
              onChange={(event) => onChange({ incentive: { ...incentive, value: Number(event.target.value) } })}
            />
          </Field>
        )}
        {incentive.type !== "none" && (
          <Field id={`${id}-incentive-expiry`} label="Code valid for (hours)" error={errors[`${path}.incentive.expiry_hours`]}>
            <Input
              id={`${id}-incentive-expiry`}
              type="number"
              min={1}
              max={720}
              size="small"
              value={incentive.expiry_hours}
              onChange={(event) => onChange({ incentive: { ...incentive, expiry_hours: Number(event.target.value) } })}
            />
          </Field>
        )}
      </div>
      {errors[`${path}.variants`] && <Text size="small" className="text-ui-fg-error">{errors[`${path}.variants`]}</Text>}
      {step.variants.map((variant, variantIndex) => {
        const variantPath = `${path}.variants.${variantIndex}`
        const variantId = `${id}-variant-${variantIndex}`
        return (
          <div key={variant.key} className="flex flex-col gap-y-3 border-t border-ui-border-base pt-3" data-testid={`${id}-variant-${variant.name}`}>
            <div className="grid items-end gap-3" style={{ gridTemplateColumns: "1fr 1fr 2fr auto" }}>
              <Field id={`${variantId}-name`} label="Variant" error={errors[`${variantPath}.name`]}>
                <Input
                  id={`${variantId}-name`}
                  size="small"
                  value={variant.name}
                  onChange={(event) => updateVariant(variantIndex, { name: event.target.value })}
                />
              </Field>
              <Field id={`${variantId}-weight`} label={`Weight (${shares[variantIndex]}% of carts)`} error={errors[`${variantPath}.weight`]}>
                <Input
                  id={`${variantId}-weight`}
                  type="number"
                  min={1}
                  max={100}
                  size="small"
                  value={variant.weight}
                  onChange={(event) => updateVariant(variantIndex, { weight: Number(event.target.value) })}
                />
              </Field>
              <Field id={`${variantId}-delay`} label="Delay (empty: the step's)" error={errors[`${variantPath}.delay_minutes`]}>
                <div className="flex gap-x-2">
                  <Input
                    id={`${variantId}-delay`}
                    type="number"
                    min={0}
                    size="small"
                    placeholder={`${step.delay} ${step.delayUnit}`}
                    value={variant.delay}
                    onChange={(event) => updateVariant(variantIndex, { delay: event.target.value })}
                  />
                  <DelayUnitSelect
                    label={`Step ${index + 1} variant ${variant.name} delay unit`}
                    value={variant.delayUnit}
                    onChange={(delayUnit) => updateVariant(variantIndex, { delayUnit })}
                  />
                </div>
              </Field>
              <IconButton
                type="button"
                size="small"
                aria-label={`Remove variant ${variant.name}`}
                disabled={step.variants.length === 1}
                onClick={() => onChange({ variants: step.variants.filter((_, position) => position !== variantIndex) })}
              >
                <Trash />
              </IconButton>
            </div>
            <TemplateEditor
              id={`${variantId}-template`}
              value={variant.template}
              onChange={(template) => updateVariant(variantIndex, { template })}
              error={errors[`${variantPath}.template`]}
              campaignId={campaignId}
              stepPosition={step.savedPosition}
            />
          </div>
        )
      })}
      <div>
        <Button type="button" variant="secondary" size="small" onClick={addVariant} disabled={step.variants.length >= MAX_VARIANTS}>
          <Plus /> Add variant
        </Button>
      </div>
    </Container>
  )
}

const DelayUnitSelect = ({
  label,
  value,
  onChange,
}: {
  label: string
  value: DelayUnit
  onChange: (unit: DelayUnit) => void
}) => (
  <Select value={value} onValueChange={(unit) => onChange(unit as DelayUnit)}>
    <Select.Trigger aria-label={label}>
      <Select.Value />
    </Select.Trigger>
    <Select.Content>
      {Object.keys(DELAY_UNITS).map((unit) => (
        <Select.Item key={unit} value={unit}>
          {unit}
        </Select.Item>
      ))}
    </Select.Content>
  </Select>
)
