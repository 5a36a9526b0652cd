/** A 400's message split into what belongs to a field (by dotted path) and what does not. */
export type FieldErrors = {
  /** `steps.0.variants.1.template` → its messages' text. */
  fields: Record<string, string>
  /** Messages naming no field. */
  general: string[]
}

const PREFIX = /^Invalid request:\s*/
/** `steps.0.channel: must be …`: the API's own messages name the field first. */
const DOTTED = /^([A-Za-z_]\w*(?:\.\w+)*): (.+)$/s
/** Medusa's wording for zod's built-in checks: `field 'steps, 0, delay_minutes' too small`. */
const QUOTED = /[Ff]ield '([^']+)'/

/**
 * Reads the field paths out of an admin API 400 message, so a form can show each message next
 * to its field. Several problems arrive joined by "; ".
 */
export function parseFieldErrors(message: string): FieldErrors {
  const result: FieldErrors = { fields: {}, general: [] }
  for (const part of message.replace(PREFIX, "").split(/;\s+/)) {
    const text = part.trim()
    if (!text) {
      continue
    }
    const dotted = DOTTED.exec(text)
    const quoted = dotted ? null : QUOTED.exec(text)
    const path = dotted?.[1] ?? quoted?.[1].split(/,\s*/).join(".")
    if (!path) {
      result.general.push(text)
      continue
    }
    const shown = dotted ? dotted[2] : text
    result.fields[path] = result.fields[path] ? `${result.fields[path]}; ${shown}` : shown
  }
  return result
}
