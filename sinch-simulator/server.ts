import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { autoReportPayloads, resolveAutoReports, type AutoReportSettings } from "./auto-reports"
import { defaultExpiry, parseTextBatchRequest, renderBody, type TextBatchRequest } from "./batch-request"
import { moTextBody, postCallback, recipientDeliveryReportBody } from "./callbacks"
import { parseDeliveryReportCommand, parseInboundCommand, type ControlParse } from "./control"
import { FaultQueue, isHangFault, isLatencyFault, isStatusFault, validateFault } from "./faults"
import {
  defaultErrorBody,
  parseJsonRequest,
  readRawBody,
  sinchError,
  writeResponse,
  type ApiResponse,
  type Result,
} from "./http-io"
import { newUlid } from "./ids"
import { Lifecycle } from "./lifecycle"
import { matchesListQuery, parseIntegerParam, parseListQuery } from "./list-query"
import { maskMsisdn } from "./msisdn"
import { matchApiRoute, type ApiRoute } from "./routes"
import { countSegments } from "./segments"
import type {
  CallbackResult,
  DeliveryReportInput,
  InboundInput,
  RequestLogEntry,
  SimulatedBatch,
  SimulatorFault,
  SinchBatch,
  SinchSimulator,
  SinchSimulatorOptions,
} from "./types"

export type {
  AcceptThenHangFault,
  AutoDeliveryReportOptions,
  CallbackResult,
  DeliveryReportInput,
  DeliveryReportType,
  DeliveryStatus,
  FaultTarget,
  InboundInput,
  LatencyFault,
  ParameterGroup,
  RequestLogEntry,
  SimulatedBatch,
  SimulatorFault,
  SinchBatch,
  SinchSimulator,
  SinchSimulatorOptions,
  StatusFault,
} from "./types"

const DEFAULT_HOST = "127.0.0.1"
const DEFAULT_SERVICE_PLAN_ID = "sim-plan"
const DEFAULT_API_TOKEN = "sim-token"
const DEFAULT_DRY_RUN_RECIPIENTS = 100
const MAX_DRY_RUN_RECIPIENTS = 1000
const MASKED_RECIPIENTS_IN_LOG = 3

interface SimulatorConfig {
  servicePlanId: string
  apiToken: string
  callbackSecret?: string
  defaultCallbackUrl?: string
  autoReports?: AutoReportSettings
  /** Every API request waits this long before it is handled, as a real carrier's API does. */
  latencyMs: number
  log: (line: string) => void
}

interface StoredBatch {
  batch: SinchBatch
  request: unknown
}

/** Starts a Sinch SMS REST (xms v1) look-alike on a local port. */
export async function startSinchSimulator(options: SinchSimulatorOptions = {}): Promise<SinchSimulator> {
  const config: SimulatorConfig = {
    servicePlanId: options.servicePlanId ?? DEFAULT_SERVICE_PLAN_ID,
    apiToken: options.apiToken ?? DEFAULT_API_TOKEN,
    callbackSecret: options.callbackSecret || undefined,
    defaultCallbackUrl: options.defaultCallbackUrl,
    autoReports: resolveAutoReports(options.autoDeliveryReports),
    latencyMs: options.latencyMs ?? 0,
    log: options.logger ?? (() => undefined),
  }
  const core = new SimulatorCore(config)
  const server = http.createServer((req, res) => core.handle(req, res))
  await listen(server, options.port ?? 0, options.host ?? DEFAULT_HOST)

  let closing: Promise<void> | undefined
  return {
    url: baseUrl(server.address() as AddressInfo),
    servicePlanId: config.servicePlanId,
    apiToken: config.apiToken,
    inbox: () => core.inbox(),
    requests: () => core.requests(),
    clear: () => core.clear(),
    injectFault: (fault) => core.injectFault(fault),
    sendDeliveryReport: (callbackUrl, report) => core.sendDeliveryReport(callbackUrl, report),
    sendInbound: (callbackUrl, message) => core.sendInbound(callbackUrl, message),
    close: () => {
      closing ??= core.close(server)
      return closing
    },
  }
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject)
    server.listen(port, host, () => {
      server.off("error", reject)
      resolve()
    })
  })
}

function baseUrl(address: AddressInfo): string {
  const unspecified = address.address === "0.0.0.0" || address.address === "::"
  const host = unspecified ? "127.0.0.1" : address.address
  const hostInUrl = host.includes(":") ? `[${host}]` : host
  return `http://${hostInUrl}:${address.port}`
}

class SimulatorCore {
  private batches: StoredBatch[] = []
  private requestLog: RequestLogEntry[] = []
  private readonly faults = new FaultQueue()
  private readonly lifecycle = new Lifecycle()

  constructor(private readonly config: SimulatorConfig) {}

  // ----- public API -----

  inbox(): SimulatedBatch[] {
    return this.batches.map(({ batch, request }) => structuredClone({ ...batch, request }))
  }

  requests(): RequestLogEntry[] {
    return this.requestLog.map((entry) => ({ ...entry }))
  }

  clear(): void {
    this.batches = []
    this.requestLog = []
    this.faults.clear()
  }

  injectFault(fault: SimulatorFault): void {
    const validated = validateFault(fault)
    if ("error" in validated) {
      throw new TypeError(`invalid fault: ${validated.error}`)
    }
    this.faults.add(validated.fault)
  }

  async sendDeliveryReport(url: string, report: DeliveryReportInput): Promise<CallbackResult> {
    const clientReference = report.clientReference ?? this.findBatch(report.batchId)?.batch.client_reference
    const payload = recipientDeliveryReportBody({ ...report, clientReference })
    const result = await this.postCallback(url, payload)
    const subject = `batch ${report.batchId} (${maskMsisdn(payload.recipient)})`
    this.config.log(`delivery report ${report.status} for ${subject} → ${describeUrl(url)}: ${result.status}`)
    return result
  }

  async sendInbound(url: string, message: InboundInput): Promise<CallbackResult> {
    const payload = moTextBody(message)
    const result = await this.postCallback(url, payload)
    this.config.log(`inbound mo_text from ${maskMsisdn(payload.from)} → ${describeUrl(url)}: ${result.status}`)
    return result
  }

  async close(server: http.Server): Promise<void> {
    this.lifecycle.shutdown()
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    // Hanging requests (accept-then-hang) would otherwise keep close() waiting forever.
    server.closeAllConnections()
    await closed
  }

  // ----- HTTP entry -----

  handle(req: IncomingMessage, res: ServerResponse): void {
    this.route(req, res).catch((error: unknown) => {
      this.config.log(`internal error: ${errorMessage(error)}`)
      writeResponse(res, sinchError(500, "internal_server_error", "Simulator error"))
    })
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET"
    const url = new URL(req.url ?? "/", "http://simulator.invalid")
    const rawBody = await readRawBody(req)
    if (url.pathname.startsWith("/_sim/")) {
      writeResponse(res, await this.handleControl(method, url.pathname, rawBody))
      return
    }

    const entry: RequestLogEntry = { method, path: url.pathname, query: url.search, status: null }
    this.requestLog.push(entry)
    const respond = (response: ApiResponse): void => {
      entry.status = response.status
      writeResponse(res, response)
    }

    const route = matchApiRoute(method, url.pathname)
    if (route === "unknown_path") {
      respond(sinchError(404, "not_found", `No resource at ${url.pathname}`))
      return
    }
    if (route === "method_not_allowed") {
      respond(sinchError(405, "method_not_allowed", `${method} is not allowed on ${url.pathname}`))
      return
    }
    await this.handleApi(route, req.headers, url.searchParams, rawBody, respond)
  }

  /** Applies the next matching fault around the normal handling of an API request. */
  private async handleApi(
    route: ApiRoute,
    headers: IncomingHttpHeaders,
    query: URLSearchParams,
    rawBody: string,
    respond: (response: ApiResponse) => void
  ): Promise<void> {
    if (this.config.latencyMs > 0 && !(await this.lifecycle.sleep(this.config.latencyMs))) {
      return
    }
    const fault = this.faults.take(route.operation)
    if (fault) {
      this.config.log(`fault ${JSON.stringify(fault)} applied to ${route.operation}`)
    }
    if (fault && isLatencyFault(fault)) {
      const waited = await this.lifecycle.sleep(fault.latencyMs)
      if (!waited) {
        return
      }
    }
    const statusFault = fault && isStatusFault(fault) ? fault : undefined
    const storesBatchFirst = statusFault?.acceptBatch === true && route.operation === "send"
    if (statusFault && !storesBatchFirst) {
      respond(statusFaultResponse(statusFault.status, statusFault.body))
      return
    }

    const response = this.processApi(route, headers, query, rawBody)

    if (statusFault) {
      respond(statusFaultResponse(statusFault.status, statusFault.body))
      return
    }
    if (fault && isHangFault(fault)) {
      if (fault.hangMs !== undefined) {
        this.lifecycle.after(fault.hangMs, () => respond(response))
      }
      return
    }
    respond(response)
  }

  private processApi(
    route: ApiRoute,
    headers: IncomingHttpHeaders,
    query: URLSearchParams,
    rawBody: string
  ): ApiResponse {
    if (!this.isAuthorized(headers.authorization)) {
      return sinchError(401, "unauthorized", "Missing or invalid API token")
    }
    if (route.planId !== this.config.servicePlanId) {
      return sinchError(404, "not_found", `Service plan ${route.planId} not found`)
    }
    switch (route.operation) {
      case "send":
        return this.send(headers["content-type"], rawBody)
      case "dry_run":
        return this.dryRun(headers["content-type"], rawBody, query)
      case "list":
        return this.list(query)
      case "get":
        return this.get(route.batchId)
      case "cancel":
        return this.cancel(route.batchId)
    }
  }

  private isAuthorized(header: string | undefined): boolean {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "")
    return match !== null && match[1] === this.config.apiToken
  }

  // ----- Batches API -----

  private send(contentType: string | undefined, rawBody: string): ApiResponse {
    const json = parseJsonRequest(contentType, rawBody)
    if (!json.ok) {
      return json.error
    }
    const request = parseTextBatchRequest(json.value)
    if (!request.ok) {
      return request.error
    }
    const wantsReports = request.value.delivery_report !== "none"
    if (wantsReports && !request.value.callback_url && !this.config.defaultCallbackUrl) {
      return sinchError(403, "missing_callback_url", "A delivery report was requested but no callback URL is set")
    }
    const batch = this.storeBatch(request.value, json.value)
    this.scheduleAutoReports(batch)
    return { status: 201, body: batch }
  }

  private storeBatch(request: TextBatchRequest, rawRequest: unknown): SinchBatch {
    const nowMs = Date.now()
    const now = new Date(nowMs).toISOString()
    const batch: SinchBatch = {
      id: newUlid(nowMs),
      type: "mt_text",
      ...request,
      expire_at: request.expire_at ?? defaultExpiry(request.send_at, nowMs),
      created_at: now,
      modified_at: now,
      canceled: false,
    }
    this.batches.push({ batch, request: rawRequest })
    this.config.log(describeAcceptedBatch(batch))
    return structuredClone(batch)
  }

  private dryRun(contentType: string | undefined, rawBody: string, query: URLSearchParams): ApiResponse {
    const json = parseJsonRequest(contentType, rawBody)
    if (!json.ok) {
      return json.error
    }
    const request = parseTextBatchRequest(json.value)
    if (!request.ok) {
      return request.error
    }
    const limit = parseIntegerParam(
      query,
      "number_of_recipients",
      DEFAULT_DRY_RUN_RECIPIENTS,
      1,
      MAX_DRY_RUN_RECIPIENTS
    )
    if (!limit.ok) {
      return limit.error
    }
    const perRecipient = request.value.to.map((recipient) => {
      const rendered = renderBody(request.value, recipient)
      const segments = countSegments(rendered.text)
      const parts = request.value.truncate_concat ? 1 : segments.parts
      return { recipient, number_of_parts: parts, body: rendered.text, encoding: segments.encoding }
    })
    const body = {
      number_of_recipients: perRecipient.length,
      number_of_messages: perRecipient.reduce((sum, entry) => sum + entry.number_of_parts, 0),
      ...(query.get("per_recipient") === "true" ? { per_recipient: perRecipient.slice(0, limit.value) } : {}),
    }
    return { status: 200, body }
  }

  private list(query: URLSearchParams): ApiResponse {
    const parsed = parseListQuery(query, Date.now())
    if (!parsed.ok) {
      return parsed.error
    }
    const { page, pageSize } = parsed.value
    const newestFirst = this.batches
      .map(({ batch }) => batch)
      .filter((batch) => matchesListQuery(batch, parsed.value))
      .reverse()
    const pageItems = newestFirst.slice(page * pageSize, (page + 1) * pageSize)
    // As documented by Sinch, page_size is the number of entries in this page, not the requested size.
    const body = { count: newestFirst.length, page, page_size: pageItems.length, batches: structuredClone(pageItems) }
    return { status: 200, body }
  }

  private get(batchId: string): ApiResponse {
    const stored = this.findBatch(batchId)
    if (!stored) {
      return sinchError(404, "not_found", `Batch ${batchId} not found`)
    }
    return { status: 200, body: structuredClone(stored.batch) }
  }

  private cancel(batchId: string): ApiResponse {
    const stored = this.findBatch(batchId)
    if (!stored) {
      return sinchError(404, "not_found", `Batch ${batchId} not found`)
    }
    if (!stored.batch.canceled) {
      stored.batch.canceled = true
      stored.batch.modified_at = new Date().toISOString()
      this.config.log(`batch ${batchId} canceled`)
    }
    return { status: 200, body: structuredClone(stored.batch) }
  }

  private findBatch(batchId: string): StoredBatch | undefined {
    return this.batches.find(({ batch }) => batch.id === batchId)
  }

  // ----- callbacks -----

  private scheduleAutoReports(batch: SinchBatch): void {
    const settings = this.config.autoReports
    const callbackUrl = batch.callback_url ?? this.config.defaultCallbackUrl
    if (!settings || batch.delivery_report === "none" || !callbackUrl) {
      return
    }
    // A scheduled batch is only "delivered" once its send_at has passed.
    const untilSendMs = batch.send_at ? Math.max(0, Date.parse(batch.send_at) - Date.now()) : 0
    this.lifecycle.after(untilSendMs + settings.delayMs, () => {
      void this.deliverAutoReports(batch.id, callbackUrl, settings)
    })
  }

  private async deliverAutoReports(batchId: string, callbackUrl: string, settings: AutoReportSettings): Promise<void> {
    const stored = this.findBatch(batchId)
    // Sinch sends an empty report for a batch canceled before sending; the simulator sends none.
    if (!stored || stored.batch.canceled) {
      return
    }
    for (const payload of autoReportPayloads(stored.batch, settings)) {
      const subject = "recipient" in payload ? `${batchId} (${maskMsisdn(payload.recipient)})` : batchId
      try {
        const result = await this.postCallback(callbackUrl, payload)
        this.config.log(`auto delivery report for batch ${subject} → ${describeUrl(callbackUrl)}: ${result.status}`)
      } catch (error) {
        if (this.lifecycle.closed) {
          return
        }
        this.config.log(`auto delivery report for batch ${subject} failed: ${errorMessage(error)}`)
      }
    }
  }

  private postCallback(url: string, payload: unknown): Promise<CallbackResult> {
    return postCallback(url, payload, { secret: this.config.callbackSecret, signal: this.lifecycle.signal })
  }

  // ----- control endpoints (/_sim) -----

  private async handleControl(method: string, pathname: string, rawBody: string): Promise<ApiResponse> {
    const command = `${method} ${pathname.replace(/\/+$/, "")}`
    switch (command) {
      case "GET /_sim/inbox":
        return { status: 200, body: this.inbox() }
      case "DELETE /_sim/inbox":
        this.clear()
        return { status: 204 }
      case "GET /_sim/requests":
        return { status: 200, body: this.requests() }
      case "POST /_sim/faults":
        return this.controlInjectFault(rawBody)
      case "POST /_sim/inbound":
        return this.controlCallback(rawBody, parseInboundCommand, (url, value) => this.sendInbound(url, value))
      case "POST /_sim/delivery-report":
        return this.controlCallback(rawBody, parseDeliveryReportCommand, (url, value) =>
          this.sendDeliveryReport(url, value)
        )
      default:
        return sinchError(404, "not_found", `No control endpoint ${command}`)
    }
  }

  private controlInjectFault(rawBody: string): ApiResponse {
    const json = parseControlJson(rawBody)
    if (!json.ok) {
      return json.error
    }
    const validated = validateFault(json.value)
    if ("error" in validated) {
      return sinchError(400, "syntax_constraint_violation", validated.error)
    }
    this.faults.add(validated.fault)
    return { status: 201, body: { queued: validated.fault } }
  }

  /** Posts the callback and answers 200 `{ status, body }` with the receiver's answer, or 502 if it was unreachable. */
  private async controlCallback<T>(
    rawBody: string,
    parse: (raw: unknown) => ControlParse<T>,
    send: (url: string, value: T) => Promise<CallbackResult>
  ): Promise<ApiResponse> {
    const json = parseControlJson(rawBody)
    if (!json.ok) {
      return json.error
    }
    const command = parse(json.value)
    if (!command.ok) {
      return sinchError(400, "syntax_constraint_violation", command.error)
    }
    try {
      return { status: 200, body: await send(command.url, command.value) }
    } catch (error) {
      return sinchError(502, "callback_failed", errorMessage(error))
    }
  }
}

/** Control endpoints accept JSON whatever the content type (curl -d sends form-urlencoded). */
function parseControlJson(rawBody: string): Result<unknown> {
  return parseJsonRequest("application/json", rawBody)
}

function statusFaultResponse(status: number, body: unknown): ApiResponse {
  return { status, body: body === undefined ? defaultErrorBody(status) : body }
}

/** Hides everything of a callback URL but where it goes: per-batch URLs often carry tokens. */
function describeUrl(url: string): string {
  const { origin, pathname } = new URL(url)
  return `${origin}${pathname}`
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** One log line per accepted batch, with phone numbers masked and the message text left out. */
function describeAcceptedBatch(batch: SinchBatch): string {
  const shown = batch.to.slice(0, MASKED_RECIPIENTS_IN_LOG).map(maskMsisdn)
  const hidden = batch.to.length - shown.length
  const recipients = hidden > 0 ? `${shown.join(", ")} +${hidden} more` : shown.join(", ")
  const parts = countSegments(batch.body).parts
  const reference = batch.client_reference ? ` client_reference=${batch.client_reference}` : ""
  const details = `${parts} part(s), delivery_report=${batch.delivery_report}`
  return `batch ${batch.id} accepted → ${recipients} (${details})${reference}`
}
