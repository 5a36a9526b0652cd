import { Badge, Button, Hint, Label, Text, Textarea } from "@medusajs/ui"
import { useEffect, useRef, useState } from "react"
import { usePreview, type PreviewRequest } from "../hooks/api"
import { formatNumber } from "../lib/format"

const DEBOUNCE_MS = 300

type TemplateEditorProps = {
  id: string
  value: string
  onChange: (template: string) => void
  error?: string
  campaignId?: string
  /** The saved step this template belongs to, so its incentive fills the sample. */
  stepPosition?: number
}

/**
 * A template with buttons that insert variables at the cursor and a live preview: the text for
 * a sample cart, its encoding and segments, and the characters that forced UCS-2 marked.
 */
export const TemplateEditor = ({ id, value, onChange, error, campaignId, stepPosition }: TemplateEditorProps) => {
  const textarea = useRef<HTMLTextAreaElement>(null)
  const request = useDebounced<PreviewRequest>(
    { template: value, campaign_id: campaignId, ...(stepPosition ? { step_position: stepPosition } : {}) },
    DEBOUNCE_MS
  )
  const preview = usePreview(request)
  const variables = Object.keys(preview.data?.variables ?? {})

  const insert = (name: string) => {
    const element = textarea.current
    const token = `{{${name}}}`
    const start = element?.selectionStart ?? value.length
    const end = element?.selectionEnd ?? value.length
    onChange(value.slice(0, start) + token + value.slice(end))
    requestAnimationFrame(() => {
      element?.focus()
      element?.setSelectionRange(start + token.length, start + token.length)
    })
  }

  return (
    <div className="flex flex-col gap-y-2">
      <Label htmlFor={id} size="small" weight="plus">
        Template
      </Label>
      <Textarea
        id={id}
        ref={textarea}
        rows={3}
        value={value}
        aria-invalid={!!error}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error && (
        <Hint variant="error" id={`${id}-error`} data-field-error={id}>
          {error}
        </Hint>
      )}
      {variables.length > 0 && (
        <div className="flex flex-wrap items-center gap-1" role="group" aria-label="Insert a variable">
          <Text size="xsmall" className="text-ui-fg-subtle">
            Insert:
          </Text>
          {variables.map((name) => (
            <Button key={name} type="button" size="small" variant="secondary" onClick={() => insert(name)}>
              {`{{${name}}}`}
            </Button>
          ))}
        </div>
      )}
      <PreviewPanel id={id} preview={preview} />
    </div>
  )
}

const PreviewPanel = ({ id, preview }: { id: string; preview: ReturnType<typeof usePreview> }) => {
  if (preview.isError && !preview.data) {
    return <Hint variant="error">Preview: {preview.error.message}</Hint>
  }
  if (!preview.data) {
    return <Text size="small" className="text-ui-fg-subtle">Loading preview…</Text>
  }
  const { text, encoding, segments, characters_left, ucs2_characters } = preview.data
  const forcing = new Set(ucs2_characters)
  return (
    <div className="rounded-md bg-ui-bg-subtle p-3" aria-live="polite" data-testid={`${id}-preview`}>
      <div className="mb-2 flex flex-wrap items-center gap-2">
        <Badge size="2xsmall" color={encoding === "GSM-7" ? "green" : "orange"} data-testid="preview-encoding">
          {encoding}
        </Badge>
        <Text size="small" data-testid="preview-segments">
          {segments === 1 ? "1 segment" : `${formatNumber(segments)} segments`}
        </Text>
        <Text size="small" className="text-ui-fg-subtle" data-testid="preview-left">
          {formatNumber(characters_left)} characters left in this segment
        </Text>
      </div>
      <Text size="small" className="whitespace-pre-wrap break-words" data-testid="preview-text">
        {Array.from(text).map((char, index) =>
          forcing.has(char) ? (
            <mark key={index} className="rounded bg-ui-tag-orange-bg text-ui-tag-orange-text" title="Forces UCS-2">
              {char}
            </mark>
          ) : (
            char
          )
        )}
      </Text>
      {preview.isError && <Hint variant="error">Preview: {preview.error.message}</Hint>}
      {ucs2_characters.length > 0 && (
        <Hint>
          {`${ucs2_characters.join(" ")} ${ucs2_characters.length === 1 ? "is" : "are"} not in the GSM-7 alphabet, so the whole text is sent as UCS-2 (70 characters per segment instead of 160).`}
        </Hint>
      )}
    </div>
  )
}

/** The value, once it has stopped changing for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const serialized = JSON.stringify(value)
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setSettled(JSON.parse(serialized)), ms)
    return () => clearTimeout(timer)
  }, [serialized, ms])
  return settled
}
