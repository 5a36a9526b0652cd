import { createHmac } from "node:crypto"
import http from "node:http"
import https from "node:https"
import { normalizeMsisdn } from "./msisdn"
import { newUlid } from "./ids"
import type { CallbackResult, DeliveryReportInput, DeliveryStatus, InboundInput } from "./types"

const CALLBACK_TIMEOUT_MS = 10_000

/** C6: the body Sinch posts per recipient for `per_recipient` / `per_recipient_final` batches. */
export interface RecipientDeliveryReportBody {
  type: "recipient_delivery_report_sms"
  batch_id: string
  recipient: string
  code: number
  status: DeliveryStatus
  at: string
  operator_status_at: string
  client_reference?: string
}

/** C6: the body Sinch posts once per batch for `summary` / `full` batches. */
export interface BatchDeliveryReportBody {
  type: "delivery_report_sms"
  batch_id: string
  total_message_count: number
  statuses: { code: number; status: DeliveryStatus; count: number; recipients?: string[] }[]
  client_reference?: string
}

/** C7: the body Sinch posts for an inbound text. */
export interface MoTextBody {
  type: "mo_text"
  id: string
  from: string
  to: string
  body: string
  received_at: string
  sent_at?: string
}

export function recipientDeliveryReportBody(report: DeliveryReportInput): RecipientDeliveryReportBody {
  const at = toIso(report.at)
  return withoutUndefined({
    type: "recipient_delivery_report_sms",
    batch_id: report.batchId,
    recipient: sinchNumber(report.recipient),
    code: report.code,
    status: report.status,
    at,
    operator_status_at: report.operatorStatusAt ? toIso(report.operatorStatusAt) : at,
    client_reference: report.clientReference,
  })
}

export function moTextBody(message: InboundInput): MoTextBody {
  return withoutUndefined({
    type: "mo_text",
    id: message.id ?? newUlid(),
    from: sinchNumber(message.from),
    to: sinchNumber(message.to),
    body: message.body,
    received_at: toIso(message.receivedAt),
    sent_at: message.sentAt ? toIso(message.sentAt) : undefined,
  })
}

/** Sinch sends numbers without `+`; short codes and alphanumerics pass unchanged. */
function sinchNumber(value: string): string {
  return normalizeMsisdn(value) ?? value
}

function toIso(value: Date | string | undefined): string {
  if (value === undefined) {
    return new Date().toISOString()
  }
  return typeof value === "string" ? new Date(value).toISOString() : value.toISOString()
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T
}

/** base64(HMAC-SHA256(secret, rawBody + "." + nonce + "." + timestamp)), as the Sinch SDK verifies it. */
export function computeWebhookSignature(secret: string, rawBody: string, nonce: string, timestamp: string): string {
  return createHmac("sha256", secret).update(`${rawBody}.${nonce}.${timestamp}`, "utf8").digest("base64")
}

export function webhookSignatureHeaders(secret: string, rawBody: string): Record<string, string> {
  // Sinch nonces are ULIDs.
  const nonce = newUlid()
  const timestamp = String(Math.floor(Date.now() / 1000))
  return {
    "x-sinch-webhook-signature-timestamp": timestamp,
    "x-sinch-webhook-signature-nonce": nonce,
    "x-sinch-webhook-signature-algorithm": "HmacSHA256",
    "x-sinch-webhook-signature": computeWebhookSignature(secret, rawBody, nonce, timestamp),
  }
}

export interface PostCallbackOptions {
  secret?: string
  signal?: AbortSignal
}

/** POSTs a JSON callback like Sinch does and resolves with the receiver's answer. */
export function postCallback(
  url: string,
  payload: unknown,
  options: PostCallbackOptions = {}
): Promise<CallbackResult> {
  const rawBody = JSON.stringify(payload)
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(rawBody)),
    ...(options.secret ? webhookSignatureHeaders(options.secret, rawBody) : {}),
  }
  const target = new URL(url)
  const transport = target.protocol === "https:" ? https : http

  return new Promise((resolve, reject) => {
    const request = transport.request(
      target,
      { method: "POST", headers, signal: options.signal, timeout: CALLBACK_TIMEOUT_MS },
      (response) => {
        const chunks: Buffer[] = []
        response.on("data", (chunk: Buffer) => chunks.push(chunk))
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, body: parseResponseBody(Buffer.concat(chunks).toString("utf8")) })
        )
        response.on("error", reject)
      }
    )
    request.on("timeout", () => request.destroy(new Error(`callback to ${target.origin} timed out`)))
    request.on("error", reject)
    request.end(rawBody)
  })
}

function parseResponseBody(text: string): unknown {
  if (text === "") {
    return ""
  }
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

export interface RecipientOutcome {
  recipient: string
  status: DeliveryStatus
  code: number
}

/** One `delivery_report_sms` for a whole batch; `full` also lists the recipients per status. */
export function batchDeliveryReportBody(
  batch: { id: string; client_reference?: string },
  outcomes: RecipientOutcome[],
  withRecipients: boolean
): BatchDeliveryReportBody {
  const statuses = new Map<string, { code: number; status: DeliveryStatus; count: number; recipients: string[] }>()
  for (const outcome of outcomes) {
    const key = `${outcome.status}:${outcome.code}`
    const entry = statuses.get(key) ?? { code: outcome.code, status: outcome.status, count: 0, recipients: [] }
    entry.count += 1
    entry.recipients.push(outcome.recipient)
    statuses.set(key, entry)
  }
  return withoutUndefined({
    type: "delivery_report_sms",
    batch_id: batch.id,
    total_message_count: outcomes.length,
    statuses: [...statuses.values()].map(({ recipients, ...status }) =>
      withRecipients ? { ...status, recipients } : status
    ),
    client_reference: batch.client_reference,
  })
}
