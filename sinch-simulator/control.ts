import { isHttpUrl } from "./batch-request"
import { isJsonObject, type JsonObject } from "./http-io"
import type { DeliveryReportInput, DeliveryStatus, InboundInput } from "./types"

/** Parsing of the `/_sim/*` control bodies, for when the simulator runs as its own process. */

const DELIVERY_STATUSES: readonly DeliveryStatus[] = [
  "Queued",
  "Dispatched",
  "Aborted",
  "Cancelled",
  "Rejected",
  "Deleted",
  "Delivered",
  "Failed",
  "Expired",
  "Unknown",
]

export type ControlParse<T> = { ok: true; url: string; value: T } | { ok: false; error: string }

export function parseInboundCommand(raw: unknown): ControlParse<InboundInput> {
  if (!isJsonObject(raw) || !hasCallbackUrl(raw)) {
    return { ok: false, error: "url: an http(s) URL is required" }
  }
  const missing = ["from", "to", "body"].find((field) => typeof raw[field] !== "string")
  if (missing) {
    return { ok: false, error: `${missing}: a string is required` }
  }
  const optionalError = firstNonString(raw, ["id", "receivedAt", "sentAt"])
  if (optionalError) {
    return { ok: false, error: optionalError }
  }
  return {
    ok: true,
    url: raw.url,
    value: {
      from: raw.from as string,
      to: raw.to as string,
      body: raw.body as string,
      id: raw.id as string | undefined,
      receivedAt: raw.receivedAt as string | undefined,
      sentAt: raw.sentAt as string | undefined,
    },
  }
}

export function parseDeliveryReportCommand(raw: unknown): ControlParse<DeliveryReportInput> {
  if (!isJsonObject(raw) || !hasCallbackUrl(raw)) {
    return { ok: false, error: "url: an http(s) URL is required" }
  }
  if (typeof raw.batchId !== "string" || typeof raw.recipient !== "string") {
    return { ok: false, error: "batchId and recipient: strings are required" }
  }
  const status = DELIVERY_STATUSES.find((candidate) => candidate === raw.status)
  if (!status) {
    return { ok: false, error: `status: one of ${DELIVERY_STATUSES.join(", ")}` }
  }
  if (typeof raw.code !== "number" || !Number.isInteger(raw.code)) {
    return { ok: false, error: "code: an integer is required" }
  }
  const optionalError = firstNonString(raw, ["clientReference", "at", "operatorStatusAt"])
  if (optionalError) {
    return { ok: false, error: optionalError }
  }
  return {
    ok: true,
    url: raw.url,
    value: {
      batchId: raw.batchId,
      recipient: raw.recipient,
      status,
      code: raw.code,
      clientReference: raw.clientReference as string | undefined,
      at: raw.at as string | undefined,
      operatorStatusAt: raw.operatorStatusAt as string | undefined,
    },
  }
}

function hasCallbackUrl(raw: JsonObject): raw is JsonObject & { url: string } {
  return typeof raw.url === "string" && isHttpUrl(raw.url)
}

function firstNonString(raw: JsonObject, fields: string[]): string | undefined {
  const field = fields.find((name) => raw[name] !== undefined && typeof raw[name] !== "string")
  return field ? `${field}: must be a string` : undefined
}
