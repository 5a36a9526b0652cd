import { Checkbox, Label, Text } from "@medusajs/ui"
import type { TargetingOption } from "../lib/types"

type OptionChecklistProps = {
  id: string
  /** What the list holds, for its accessible name and the empty state, e.g. "regions". */
  noun: string
  options: TargetingOption[]
  value: string[]
  onChange: (ids: string[]) => void
}

/**
 * A checkbox per option; a chosen id the store no longer lists stays shown (by id) so it can
 * be unticked.
 */
export const OptionChecklist = ({ id, noun, options, value, onChange }: OptionChecklistProps) => {
  const listed = new Set(options.map((option) => option.id))
  const shown = [...options, ...value.filter((chosen) => !listed.has(chosen)).map((gone) => ({ id: gone, name: gone }))]
  const toggle = (optionId: string, on: boolean) =>
    onChange(on ? [...value, optionId] : value.filter((chosen) => chosen !== optionId))

  if (shown.length === 0) {
    return <Text size="small" className="text-ui-fg-subtle">The store has no {noun}.</Text>
  }
  return (
    <ul className="overflow-y-auto rounded-md border border-ui-border-base p-2" style={{ maxHeight: 160 }} aria-label={noun}>
      {shown.map((option) => (
        <li key={option.id} className="flex items-center gap-x-2 py-0.5">
          <Checkbox
            id={`${id}-${option.id}`}
            checked={value.includes(option.id)}
            onCheckedChange={(checked) => toggle(option.id, checked === true)}
          />
          <Label htmlFor={`${id}-${option.id}`} size="small">
            {option.name}
          </Label>
        </li>
      ))}
    </ul>
  )
}
