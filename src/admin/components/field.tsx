import { Hint, Label } from "@medusajs/ui"
import type { ReactNode } from "react"

type FieldProps = {
  id: string
  label: string
  /** The server's message for this field, shown under it. */
  error?: string
  hint?: string
  children: ReactNode
}

/** A labelled control with its hint and the message a refused save left for it. */
export const Field = ({ id, label, error, hint, children }: FieldProps) => (
  <div className="flex flex-col gap-y-1">
    <Label htmlFor={id} size="small" weight="plus">
      {label}
    </Label>
    {children}
    {hint && !error && <Hint>{hint}</Hint>}
    {error && (
      <Hint variant="error" id={`${id}-error`} data-field-error={id}>
        {error}
      </Hint>
    )}
  </div>
)
