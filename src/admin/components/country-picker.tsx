import { Badge, Checkbox, Input, Label, Text } from "@medusajs/ui"
import { useMemo, useState } from "react"
import { countries } from "../lib/countries"
import { adminLocale } from "../lib/format"

type CountryPickerProps = {
  id: string
  value: string[]
  onChange: (codes: string[]) => void
}

/** A searchable list of countries with a checkbox each; the chosen ones shown as badges. */
export const CountryPicker = ({ id, value, onChange }: CountryPickerProps) => {
  const [search, setSearch] = useState("")
  const all = useMemo(() => countries(adminLocale()), [])
  const chosen = new Set(value)
  const term = search.trim().toLowerCase()
  const shown = term
    ? all.filter((country) => country.name.toLowerCase().includes(term) || country.code.toLowerCase() === term)
    : all
  const toggle = (code: string, on: boolean) =>
    onChange(on ? [...value, code] : value.filter((candidate) => candidate !== code))

  return (
    <div className="flex flex-col gap-y-2">
      <div className="flex flex-wrap gap-1" aria-live="polite">
        {value.length === 0 && <Text size="small" className="text-ui-fg-subtle">No country</Text>}
        {value.map((code) => (
          <Badge key={code} size="2xsmall">
            {all.find((country) => country.code === code)?.name ?? code}
          </Badge>
        ))}
      </div>
      <Input
        id={id}
        type="search"
        size="small"
        placeholder="Search countries"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      <ul className="overflow-y-auto rounded-md border border-ui-border-base p-2" style={{ maxHeight: 160 }} aria-label="Countries">
        {shown.map((country) => (
          <li key={country.code} className="flex items-center gap-x-2 py-0.5">
            <Checkbox
              id={`${id}-${country.code}`}
              checked={chosen.has(country.code)}
              onCheckedChange={(checked) => toggle(country.code, checked === true)}
            />
            <Label htmlFor={`${id}-${country.code}`} size="small">
              {country.name} ({country.code})
            </Label>
          </li>
        ))}
      </ul>
    </div>
  )
}
