import { parseSinchTimestamp } from "./batch-request"
import { fail, type Result } from "./http-io"
import type { SinchBatch } from "./types"

const DEFAULT_PAGE_SIZE = 30
const MAX_PAGE_SIZE = 100
const DEFAULT_WINDOW_MS = 24 * 60 * 60 * 1000

export interface ListQuery {
  page: number
  pageSize: number
  clientReference?: string
  senders?: string[]
  startMs: number
  endMs?: number
}

/** `GET /batches?page&page_size&from&start_date&end_date&client_reference`; pages start at 0. */
export function parseListQuery(query: URLSearchParams, nowMs: number): Result<ListQuery> {
  const page = parseIntegerParam(query, "page", 0, 0, Number.MAX_SAFE_INTEGER)
  if (!page.ok) {
    return page
  }
  const pageSize = parseIntegerParam(query, "page_size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
  if (!pageSize.ok) {
    return pageSize
  }
  const startMs = parseDateParam(query, "start_date")
  if (!startMs.ok) {
    return startMs
  }
  const endMs = parseDateParam(query, "end_date")
  if (!endMs.ok) {
    return endMs
  }
  const from = query.get("from")
  return {
    ok: true,
    value: {
      page: page.value,
      pageSize: pageSize.value,
      clientReference: query.get("client_reference") ?? undefined,
      senders: from ? from.split(",").map((sender) => sender.trim().replace(/^\+/, "")) : undefined,
      // Sinch lists only the last 24 hours unless start_date says otherwise.
      startMs: startMs.value ?? nowMs - DEFAULT_WINDOW_MS,
      endMs: endMs.value,
    },
  }
}

export function matchesListQuery(batch: SinchBatch, query: ListQuery): boolean {
  const createdMs = Date.parse(batch.created_at)
  if (createdMs < query.startMs || (query.endMs !== undefined && createdMs >= query.endMs)) {
    return false
  }
  if (query.clientReference !== undefined && batch.client_reference !== query.clientReference) {
    return false
  }
  if (query.senders && !query.senders.includes(batch.from ?? "")) {
    return false
  }
  return true
}

export function parseIntegerParam(
  query: URLSearchParams,
  name: string,
  fallback: number,
  min: number,
  max: number
): Result<number> {
  const raw = query.get(name)
  if (raw === null) {
    return { ok: true, value: fallback }
  }
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max) {
    return fail(400, "syntax_invalid_parameter_format", `${name}: an integer from ${min} to ${max}`)
  }
  return { ok: true, value }
}

function parseDateParam(query: URLSearchParams, name: string): Result<number | undefined> {
  const raw = query.get(name)
  if (raw === null) {
    return { ok: true, value: undefined }
  }
  const date = parseSinchTimestamp(raw)
  if (!date) {
    return fail(400, "syntax_invalid_parameter_format", `${name}: must be an ISO-8601 timestamp`)
  }
  return { ok: true, value: date.getTime() }
}
