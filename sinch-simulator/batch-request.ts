import { fail, isJsonObject, type JsonObject, type Result } from "./http-io"
import { ULID_PATTERN } from "./ids"
import { normalizeMsisdn, normalizeOriginator } from "./msisdn"
import type { DeliveryReportType, ParameterGroup } from "./types"

const MAX_RECIPIENTS = 1000
const MAX_BODY_CHARS = 2000
const MAX_REFERENCE_CHARS = 2048
const DEFAULT_EXPIRY_MS = 3 * 24 * 60 * 60 * 1000
const DELIVERY_REPORT_TYPES: readonly DeliveryReportType[] = [
  "none",
  "summary",
  "full",
  "per_recipient",
  "per_recipient_final",
]
const PLACEHOLDER = /\$\{([A-Za-z0-9._-]+)\}/g

/** A validated mt_text request: recipients normalised, optional fields echoed. */
export interface TextBatchRequest {
  to: string[]
  body: string
  from?: string
  parameters?: ParameterGroup
  delivery_report: DeliveryReportType
  send_at?: string
  expire_at?: string
  callback_url?: string
  client_reference?: string
  feedback_enabled?: boolean
  flash_message?: boolean
  truncate_concat?: boolean
  max_number_of_message_parts?: number
  from_ton?: number
  from_npi?: number
}

/** Validates a send or dry_run body with the constraints of the Sinch Batches API. */
export function parseTextBatchRequest(raw: unknown): Result<TextBatchRequest> {
  if (!isJsonObject(raw)) {
    return fail(400, "syntax_constraint_violation", "The request body must be a JSON object")
  }
  if (raw.type !== undefined && raw.type !== "mt_text") {
    return fail(400, "syntax_constraint_violation", "The simulator only supports type mt_text")
  }
  const to = parseRecipients(raw.to)
  if (!to.ok) {
    return to
  }
  const body = parseBody(raw.body)
  if (!body.ok) {
    return body
  }
  const optional = parseOptionalFields(raw)
  if (!optional.ok) {
    return optional
  }
  return { ok: true, value: { to: to.value, body: body.value, ...optional.value } }
}

function parseRecipients(raw: unknown): Result<string[]> {
  if (!Array.isArray(raw)) {
    return fail(400, "syntax_constraint_violation", "to: required, an array of 1 to 1000 MSISDNs")
  }
  if (raw.length === 0 || raw.length > MAX_RECIPIENTS) {
    return fail(400, "syntax_constraint_violation", `to: must hold 1 to ${MAX_RECIPIENTS} recipients`)
  }
  const recipients: string[] = []
  for (const [index, entry] of raw.entries()) {
    if (typeof entry !== "string") {
      return fail(400, "syntax_invalid_parameter_format", `to[${index}]: must be a string`)
    }
    // The simulator has no groups, so a group id can only be unknown.
    if (ULID_PATTERN.test(entry)) {
      return fail(403, "unknown_group", `to[${index}]: unknown group`)
    }
    const msisdn = normalizeMsisdn(entry)
    if (!msisdn) {
      return fail(400, "syntax_invalid_parameter_format", `to[${index}]: invalid MSISDN`)
    }
    recipients.push(msisdn)
  }
  return { ok: true, value: recipients }
}

function parseBody(raw: unknown): Result<string> {
  if (typeof raw !== "string") {
    return fail(400, "syntax_constraint_violation", "body: required, a string")
  }
  if (Array.from(raw).length > MAX_BODY_CHARS) {
    return fail(400, "syntax_constraint_violation", `body: at most ${MAX_BODY_CHARS} characters`)
  }
  return { ok: true, value: raw }
}

type OptionalFields = Omit<TextBatchRequest, "to" | "body">

function parseOptionalFields(raw: JsonObject): Result<OptionalFields> {
  const fields: OptionalFields = { delivery_report: "none" }

  if (raw.from !== undefined) {
    if (typeof raw.from !== "string" || raw.from.trim() === "") {
      return fail(400, "syntax_invalid_parameter_format", "from: must be a non-empty string")
    }
    fields.from = normalizeOriginator(raw.from)
  }

  if (raw.delivery_report !== undefined) {
    const type = DELIVERY_REPORT_TYPES.find((candidate) => candidate === raw.delivery_report)
    if (!type) {
      return fail(400, "syntax_invalid_parameter_format", `delivery_report: one of ${DELIVERY_REPORT_TYPES.join(", ")}`)
    }
    fields.delivery_report = type
  }

  const reference = parseBoundedString(raw.client_reference, "client_reference")
  if (!reference.ok) {
    return reference
  }
  fields.client_reference = reference.value

  const callbackUrl = parseCallbackUrl(raw.callback_url)
  if (!callbackUrl.ok) {
    return callbackUrl
  }
  fields.callback_url = callbackUrl.value

  const parameters = parseParameters(raw.parameters)
  if (!parameters.ok) {
    return parameters
  }
  fields.parameters = parameters.value

  const schedule = parseSchedule(raw.send_at, raw.expire_at)
  if (!schedule.ok) {
    return schedule
  }
  fields.send_at = schedule.value.sendAt
  fields.expire_at = schedule.value.expireAt

  const flags = parseEchoedScalars(raw)
  if (!flags.ok) {
    return flags
  }
  return { ok: true, value: dropUndefined({ ...fields, ...flags.value }) }
}

function parseBoundedString(raw: unknown, field: string): Result<string | undefined> {
  if (raw === undefined) {
    return { ok: true, value: undefined }
  }
  if (typeof raw !== "string") {
    return fail(400, "syntax_invalid_parameter_format", `${field}: must be a string`)
  }
  if (raw.length > MAX_REFERENCE_CHARS) {
    return fail(400, "syntax_constraint_violation", `${field}: at most ${MAX_REFERENCE_CHARS} characters`)
  }
  return { ok: true, value: raw }
}

function parseCallbackUrl(raw: unknown): Result<string | undefined> {
  const bounded = parseBoundedString(raw, "callback_url")
  if (!bounded.ok || bounded.value === undefined) {
    return bounded
  }
  if (!isHttpUrl(bounded.value)) {
    return fail(400, "syntax_invalid_parameter_format", "callback_url: must be an http(s) URL")
  }
  return bounded
}

export function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value)
    return protocol === "http:" || protocol === "https:"
  } catch {
    return false
  }
}

function parseParameters(raw: unknown): Result<ParameterGroup | undefined> {
  if (raw === undefined) {
    return { ok: true, value: undefined }
  }
  const invalid = fail<ParameterGroup | undefined>(
    400,
    "syntax_invalid_parameter_format",
    "parameters: must map each name to { \"<msisdn>\" | \"default\": string }"
  )
  if (!isJsonObject(raw)) {
    return invalid
  }
  const group: ParameterGroup = {}
  for (const [name, values] of Object.entries(raw)) {
    if (!isJsonObject(values) || !Object.values(values).every((value) => typeof value === "string")) {
      return invalid
    }
    group[name] = values as Record<string, string>
  }
  return { ok: true, value: group }
}

function parseSchedule(
  rawSendAt: unknown,
  rawExpireAt: unknown
): Result<{ sendAt?: string; expireAt?: string }> {
  const sendAt = parseTimestamp(rawSendAt, "send_at")
  if (!sendAt.ok) {
    return sendAt
  }
  const expireAt = parseTimestamp(rawExpireAt, "expire_at")
  if (!expireAt.ok) {
    return expireAt
  }
  if (sendAt.value && expireAt.value && expireAt.value <= sendAt.value) {
    return fail(400, "syntax_constraint_violation", "expire_at: must be after send_at")
  }
  return { ok: true, value: { sendAt: sendAt.value?.toISOString(), expireAt: expireAt.value?.toISOString() } }
}

function parseTimestamp(raw: unknown, field: string): Result<Date | undefined> {
  if (raw === undefined) {
    return { ok: true, value: undefined }
  }
  const date = typeof raw === "string" ? parseSinchTimestamp(raw) : undefined
  if (!date) {
    return fail(400, "syntax_invalid_parameter_format", `${field}: must be an ISO-8601 timestamp`)
  }
  return { ok: true, value: date }
}

/** Sinch reads a timestamp without an offset as UTC (JavaScript would read it as local time). */
export function parseSinchTimestamp(raw: string): Date | undefined {
  const hasOffset = /(Z|[+-]\d{2}(:?\d{2})?)$/i.test(raw)
  const hasTime = raw.includes("T")
  const date = new Date(hasTime && !hasOffset ? `${raw}Z` : raw)
  return Number.isNaN(date.getTime()) ? undefined : date
}

type EchoedScalars = Pick<
  TextBatchRequest,
  "feedback_enabled" | "flash_message" | "truncate_concat" | "max_number_of_message_parts" | "from_ton" | "from_npi"
>

function parseEchoedScalars(raw: JsonObject): Result<EchoedScalars> {
  const booleans = ["feedback_enabled", "flash_message", "truncate_concat"] as const
  for (const field of booleans) {
    if (raw[field] !== undefined && typeof raw[field] !== "boolean") {
      return fail(400, "syntax_invalid_parameter_format", `${field}: must be a boolean`)
    }
  }
  const integerRanges = { max_number_of_message_parts: [1, 255], from_ton: [0, 6], from_npi: [0, 18] } as const
  for (const [field, [min, max]] of Object.entries(integerRanges)) {
    const value = raw[field]
    if (value === undefined) {
      continue
    }
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      return fail(400, "syntax_constraint_violation", `${field}: an integer from ${min} to ${max}`)
    }
  }
  return {
    ok: true,
    value: {
      feedback_enabled: raw.feedback_enabled as boolean | undefined,
      flash_message: raw.flash_message as boolean | undefined,
      truncate_concat: raw.truncate_concat as boolean | undefined,
      max_number_of_message_parts: raw.max_number_of_message_parts as number | undefined,
      from_ton: raw.from_ton as number | undefined,
      from_npi: raw.from_npi as number | undefined,
    },
  }
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T
}

/** The expiry Sinch applies when none is given: 3 days after the send time. */
export function defaultExpiry(sendAtIso: string | undefined, nowMs: number): string {
  const start = sendAtIso ? Date.parse(sendAtIso) : nowMs
  return new Date(start + DEFAULT_EXPIRY_MS).toISOString()
}

export interface RenderedBody {
  text: string
  /** A `${name}` had neither a value for this recipient nor a default (Sinch fails the recipient, code 405). */
  hasUnmatchedParameter: boolean
}

/** Fills `${name}` placeholders for one recipient from `parameters`, falling back to `default`. */
export function renderBody(request: Pick<TextBatchRequest, "body" | "parameters">, recipient: string): RenderedBody {
  let hasUnmatchedParameter = false
  const text = request.body.replace(PLACEHOLDER, (placeholder: string, name: string) => {
    const value = parameterValue(request.parameters?.[name], recipient)
    if (value === undefined) {
      hasUnmatchedParameter = true
      return placeholder
    }
    return value
  })
  return { text, hasUnmatchedParameter }
}

function parameterValue(values: Record<string, string> | undefined, recipient: string): string | undefined {
  if (!values) {
    return undefined
  }
  // Keys may be written with `+` or spaces while recipients are normalised.
  const match = Object.entries(values).find(([key]) => key !== "default" && normalizeMsisdn(key) === recipient)
  return match ? match[1] : values.default
}
