import { Button, Hint, Input, Select, Text } from "@medusajs/ui"
import { useMemo, useState } from "react"
import { countries } from "../lib/countries"
import { adminLocale } from "../lib/format"

type SegmentPricesProps = {
  /** Country code → price of one billed segment, a decimal string. */
  value: Record<string, string>
  onChange: (prices: Record<string, string>) => void
  /** The currency the prices are in: the store's default. */
  currencyCode?: string
  /** Server messages by field path, `segment_prices.US`. */
  errors: Record<string, string>
}

/**
 * What one billed SMS segment costs per country of the number, for the texts' cost in the
 * stats' net figures. A country without a price costs nothing.
 */
export const SegmentPrices = ({ value, onChange, currencyCode, errors }: SegmentPricesProps) => {
  const all = useMemo(() => countries(adminLocale()), [])
  const [adding, setAdding] = useState("")
  const priced = Object.keys(value).sort()
  const nameOf = (code: string) => all.find((country) => country.code === code)?.name ?? code
  const set = (code: string, price: string) => onChange({ ...value, [code]: price })
  const remove = (code: string) => onChange(Object.fromEntries(Object.entries(value).filter(([key]) => key !== code)))
  const add = () => {
    if (adding && !(adding in value)) {
      set(adding, "")
    }
    setAdding("")
  }

  return (
    <div className="flex flex-col gap-y-2" data-testid="segment-prices">
      <Text size="small" className="text-ui-fg-subtle">
        Price of one billed segment per country{currencyCode ? `, in ${currencyCode.toUpperCase()}` : ", in the store's default currency"}
        , e.g. 0.0079. The stats take the texts' cost off the recovered revenue.
      </Text>
      {errors.segment_prices && <Hint variant="error">{errors.segment_prices}</Hint>}
      {priced.map((code) => (
        <div key={code} className="flex items-start gap-x-2">
          <Text size="small" className="w-48 pt-1.5">
            {nameOf(code)} ({code})
          </Text>
          <div className="flex flex-col gap-y-1">
            <Input
              id={`segment-price-${code}`}
              aria-label={`Segment price for ${nameOf(code)}`}
              size="small"
              inputMode="decimal"
              value={value[code]}
              aria-invalid={!!errors[`segment_prices.${code}`]}
              onChange={(event) => set(code, event.target.value.trim())}
            />
            {errors[`segment_prices.${code}`] && <Hint variant="error">{errors[`segment_prices.${code}`]}</Hint>}
          </div>
          <Button size="small" variant="transparent" onClick={() => remove(code)}>
            Remove
          </Button>
        </div>
      ))}
      <div className="flex items-center gap-x-2">
        <div className="w-48">
          <Select size="small" value={adding} onValueChange={setAdding}>
            <Select.Trigger aria-label="Country to price">
              <Select.Value placeholder="Choose a country" />
            </Select.Trigger>
            <Select.Content>
              {all
                .filter((country) => !(country.code in value))
                .map((country) => (
                  <Select.Item key={country.code} value={country.code}>
                    {country.name} ({country.code})
                  </Select.Item>
                ))}
            </Select.Content>
          </Select>
        </div>
        <Button size="small" variant="secondary" onClick={add} disabled={!adding}>
          Add a price
        </Button>
      </div>
    </div>
  )
}
