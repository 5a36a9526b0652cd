/** `delivery_report` values accepted by the Sinch SMS REST API (xms v1). */
export type DeliveryReportType = "none" | "summary" | "full" | "per_recipient" | "per_recipient_final"

/** Delivery statuses Sinch puts in delivery report callbacks. */
export type DeliveryStatus =
  | "Queued"
  | "Dispatched"
  | "Aborted"
  | "Cancelled"
  | "Rejected"
  | "Deleted"
  | "Delivered"
  | "Failed"
  | "Expired"
  | "Unknown"

/** `{ "<msisdn>": "value", "default": "value" }` per placeholder name, as in the Sinch `parameters` field. */
export type ParameterGroup = Record<string, Record<string, string>>

/** A batch as the simulated REST API returns it (201 on send, 200 on get/cancel/list). */
export interface SinchBatch {
  id: string
  type: "mt_text"
  from?: string
  /** MSISDNs without `+`, as Sinch returns them. */
  to: string[]
  body: string
  parameters?: ParameterGroup
  delivery_report: DeliveryReportType
  send_at?: string
  expire_at: string
  callback_url?: string
  client_reference?: string
  feedback_enabled?: boolean
  flash_message?: boolean
  truncate_concat?: boolean
  max_number_of_message_parts?: number
  from_ton?: number
  from_npi?: number
  created_at: string
  modified_at: string
  canceled: boolean
}

/** An accepted batch in the simulator's inbox: the API view plus the request body exactly as received. */
export interface SimulatedBatch extends SinchBatch {
  request: unknown
}

/** Which API operation a fault applies to. */
export type FaultTarget = "send" | "list" | "get" | "cancel" | "dry_run" | "any"

/** Answer with `status` and `body` instead of handling the request. */
export interface StatusFault {
  status: number
  /** Default: a Sinch-style `{ code, text }`. `null` sends an empty body; a string is sent as text/plain. */
  body?: unknown
  times?: number
  on?: FaultTarget
  /** Only for `send`: store the batch anyway, then answer with the fault (a 5xx after the batch was created). */
  acceptBatch?: boolean
}

/** Wait `latencyMs`, then handle the request normally. */
export interface LatencyFault {
  latencyMs: number
  times?: number
  on?: FaultTarget
}

/** Handle a send normally (a valid batch is stored) but withhold the answer, so the client times out. */
export interface AcceptThenHangFault {
  acceptThenHang: true
  times?: number
  /** Answer after this many ms; by default the request is never answered and its socket is destroyed on close(). */
  hangMs?: number
}

export type SimulatorFault = StatusFault | LatencyFault | AcceptThenHangFault

export interface AutoDeliveryReportOptions {
  delayMs: number
  status?: DeliveryStatus
  /** Default: the usual code for `status` (Delivered 0, Failed 402, Expired 406, Cancelled 407, …). */
  code?: number
}

export interface SinchSimulatorOptions {
  /** 0 picks a free port. Default 0. */
  port?: number
  /** Default "127.0.0.1". */
  host?: string
  /** Default "sim-plan". */
  servicePlanId?: string
  /** Default "sim-token". */
  apiToken?: string
  /** When set, every callback the simulator posts carries the `x-sinch-webhook-signature*` headers. */
  callbackSecret?: string
  /** The service plan's dashboard callback URL: used for delivery reports of batches without `callback_url`. */
  defaultCallbackUrl?: string
  /** `true` means `{ delayMs: 50 }` with status Delivered. */
  autoDeliveryReports?: boolean | AutoDeliveryReportOptions
  /** Milliseconds every API request waits before it is handled (a real carrier's answer time). Default 0. */
  latencyMs?: number
  logger?: (line: string) => void
}

export interface RequestLogEntry {
  method: string
  /** Path without the query string. */
  path: string
  /** The query string including `?`, or "". */
  query: string
  /** `null` while the request has not been answered (e.g. an accept-then-hang fault). */
  status: number | null
}

export interface DeliveryReportInput {
  batchId: string
  recipient: string
  status: DeliveryStatus
  code: number
  /** Default: the batch's client_reference when the batch is in the inbox. */
  clientReference?: string
  at?: Date | string
  operatorStatusAt?: Date | string
}

export interface InboundInput {
  from: string
  to: string
  body: string
  id?: string
  receivedAt?: Date | string
  sentAt?: Date | string
}

/** What the receiving endpoint answered to a callback. `body` is parsed JSON when it parses, else the raw text. */
export interface CallbackResult {
  status: number
  body: unknown
}

export interface SinchSimulator {
  /** e.g. `http://127.0.0.1:4599`; pass it to the SDK as `smsHostname`. */
  readonly url: string
  readonly servicePlanId: string
  readonly apiToken: string
  /** Accepted batches, oldest first. Returns copies. */
  inbox(): SimulatedBatch[]
  /** Every request to `/xms/...` (control endpoints excluded), oldest first. */
  requests(): RequestLogEntry[]
  /** Empties the inbox, the request log and the fault queue. */
  clear(): void
  injectFault(fault: SimulatorFault): void
  sendDeliveryReport(url: string, report: DeliveryReportInput): Promise<CallbackResult>
  sendInbound(url: string, message: InboundInput): Promise<CallbackResult>
  close(): Promise<void>
}
