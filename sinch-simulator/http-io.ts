import type { IncomingMessage, ServerResponse } from "node:http"
import { STATUS_CODES } from "node:http"

export type JsonObject = Record<string, unknown>

/** What a handler decided to answer; kept separate from writing so faults can replace or delay it. */
export interface ApiResponse {
  status: number
  body?: unknown
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiResponse }

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

/** The `{ code, text }` body Sinch uses for 400/403 (and which the simulator uses for every error). */
export function sinchError(status: number, code: string, text: string): ApiResponse {
  return { status, body: { code, text } }
}

export function fail<T>(status: number, code: string, text: string): Result<T> {
  return { ok: false, error: sinchError(status, code, text) }
}

const DEFAULT_ERROR_CODES: Record<number, string> = {
  400: "syntax_constraint_violation",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  429: "too_many_requests",
  500: "internal_server_error",
  502: "bad_gateway",
  503: "service_unavailable",
  504: "gateway_timeout",
}

/** A Sinch-style body for an arbitrary status, used when a fault gives none. */
export function defaultErrorBody(status: number): { code: string; text: string } {
  const code = DEFAULT_ERROR_CODES[status] ?? `http_${status}`
  const text = STATUS_CODES[status] ?? "Simulated failure"
  return { code, text }
}

const MAX_REQUEST_BYTES = 1024 * 1024

export function readRawBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_REQUEST_BYTES) {
        reject(new Error("request body too large"))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    req.on("error", reject)
  })
}

export function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) {
    return false
  }
  const mediaType = contentType.split(";")[0].trim().toLowerCase()
  return mediaType === "application/json" || mediaType.endsWith("+json")
}

/** Parses a JSON request body the way Sinch rejects it: 415 for a non-JSON content type, 400 for bad JSON. */
export function parseJsonRequest(contentType: string | undefined, rawBody: string): Result<unknown> {
  if (!isJsonContentType(contentType)) {
    return fail(415, "unsupported_media_type", "Content-Type must be application/json")
  }
  try {
    return { ok: true, value: JSON.parse(rawBody) as unknown }
  } catch (error) {
    const reason = error instanceof Error ? error.message : "unparseable"
    return fail(400, "syntax_invalid_json", `The request body is not valid JSON: ${reason}`)
  }
}

export function writeResponse(res: ServerResponse, response: ApiResponse): void {
  if (res.writableEnded || res.destroyed) {
    return
  }
  if (response.body === undefined || response.body === null) {
    res.writeHead(response.status, { "content-length": "0" })
    res.end()
    return
  }
  if (typeof response.body === "string") {
    res.writeHead(response.status, {
      "content-type": "text/plain; charset=utf-8",
      "content-length": Buffer.byteLength(response.body),
    })
    res.end(response.body)
    return
  }
  const json = JSON.stringify(response.body)
  res.writeHead(response.status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(json),
  })
  res.end(json)
}
