import { Alert, Input, Select, Text } from "@medusajs/ui"
import { useTargetingOptions } from "../hooks/api"
import type { CampaignDraft, CustomerType } from "../lib/campaign-form"
import { Field } from "./field"
import { OptionChecklist } from "./option-checklist"

export type TargetingDraft = Pick<
  CampaignDraft,
  | "region_ids"
  | "currency_codes"
  | "sales_channel_ids"
  | "customer_group_ids"
  | "customer_type"
  | "min_cart_total"
  | "max_cart_total"
>

const CUSTOMER_TYPES: Record<CustomerType, string> = {
  any: "Any customer",
  new: "New customers (no completed order yet)",
  returning: "Returning customers (a completed order before)",
}

type TargetingEditorProps = {
  draft: TargetingDraft
  onChange: (patch: Partial<TargetingDraft>) => void
  errors: Record<string, string>
}

/**
 * Which carts the campaign is for, picked from the store's regions, currencies, sales channels
 * and customer groups. Nothing picked in a list means any; every list with a pick must match.
 */
export const TargetingEditor = ({ draft, onChange, errors }: TargetingEditorProps) => {
  const { data: options, isError, error } = useTargetingOptions()
  const currencies = [...new Set([...(options?.regions.map((region) => region.currency_code) ?? []), ...draft.currency_codes])]
  const listError = (field: keyof TargetingDraft) =>
    errors[field] ?? Object.entries(errors).find(([path]) => path.startsWith(`${field}.`))?.[1]

  return (
    <div className="flex flex-col gap-y-3" data-testid="campaign-targeting">
      <Text size="small" className="text-ui-fg-subtle">
        A cart joins the first switched-on campaign it matches, highest priority first, when its first reminder falls due.
        Leave a list empty to match any.
      </Text>
      {isError && <Alert variant="error">Could not load the store's regions, channels and groups: {error.message}</Alert>}
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <Field id="campaign-regions" label="Regions" error={listError("region_ids")}>
          <OptionChecklist
            id="campaign-regions"
            noun="regions"
            options={options?.regions ?? []}
            value={draft.region_ids}
            onChange={(region_ids) => onChange({ region_ids })}
          />
        </Field>
        <Field id="campaign-currencies" label="Currencies" error={listError("currency_codes")}>
          <OptionChecklist
            id="campaign-currencies"
            noun="currencies"
            options={currencies.map((code) => ({ id: code, name: code.toUpperCase() }))}
            value={draft.currency_codes}
            onChange={(currency_codes) => onChange({ currency_codes })}
          />
        </Field>
        <Field id="campaign-sales-channels" label="Sales channels" error={listError("sales_channel_ids")}>
          <OptionChecklist
            id="campaign-sales-channels"
            noun="sales channels"
            options={options?.sales_channels ?? []}
            value={draft.sales_channel_ids}
            onChange={(sales_channel_ids) => onChange({ sales_channel_ids })}
          />
        </Field>
        <Field id="campaign-customer-groups" label="Customer groups" hint="The customer is in any of them" error={listError("customer_group_ids")}>
          <OptionChecklist
            id="campaign-customer-groups"
            noun="customer groups"
            options={options?.customer_groups ?? []}
            value={draft.customer_group_ids}
            onChange={(customer_group_ids) => onChange({ customer_group_ids })}
          />
        </Field>
      </div>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
        <Field id="campaign-customer-type" label="Customers" error={errors.customer_type}>
          <Select value={draft.customer_type} onValueChange={(value) => onChange({ customer_type: value as CustomerType })}>
            <Select.Trigger id="campaign-customer-type" aria-label="Customers">
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              {Object.entries(CUSTOMER_TYPES).map(([value, label]) => (
                <Select.Item key={value} value={value}>
                  {label}
                </Select.Item>
              ))}
            </Select.Content>
          </Select>
        </Field>
        <Field id="campaign-min-total" label="Minimum cart total" hint="Empty for none" error={errors.min_cart_total}>
          <Input
            id="campaign-min-total"
            type="number"
            min={0}
            size="small"
            value={draft.min_cart_total}
            aria-invalid={!!errors.min_cart_total}
            onChange={(event) => onChange({ min_cart_total: event.target.value })}
          />
        </Field>
        <Field id="campaign-max-total" label="Maximum cart total" hint="Empty for none" error={errors.max_cart_total}>
          <Input
            id="campaign-max-total"
            type="number"
            min={0}
            size="small"
            value={draft.max_cart_total}
            aria-invalid={!!errors.max_cart_total}
            onChange={(event) => onChange({ max_cart_total: event.target.value })}
          />
        </Field>
      </div>
    </div>
  )
}
