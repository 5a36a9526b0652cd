import type {
  Logger,
  ProviderSendNotificationDTO,
  ProviderSendNotificationResultsDTO,
} from "@medusajs/framework/types"
import {
  AbstractNotificationProviderService,
  MedusaError,
} from "@medusajs/framework/utils"
import type { Logger as SinchLogger, LogMessage } from "@sinch/sdk-client"
import { SmsService } from "@sinch/sms"
import type { CountryCode } from "libphonenumber-js"
import { createHash } from "node:crypto"
import { retryDelayMs, settleWithin, sleep, TimeoutError, withTimeout } from "../../lib/backoff"
import { maskPhone, maskPhonesInText, normalizePhone } from "../../lib/phone"
import { SINCH_HAS_NO_BATCH } from "./errors"
import { parseSinchOptions, type SinchOptions } from "./options"

type InjectedDependencies = {
  logger: Logger
}

/**
 * What the notification module hands to `send`: the typed DTO plus the notification row's own
 * fields. `idempotency_key` is not in the public DTO type but is always passed through, and it
 * is what makes a retried notification recognisable at Sinch.
 */
type SinchSendNotification = ProviderSendNotificationDTO & {
  id?: string
  idempotency_key?: string | null
}

/** Per-send settings a caller may pass in `provider_data`. */
type SinchProviderData = {
  /** Where Sinch posts this batch's delivery reports (the plugin signs this URL). */
  callback_url?: string
  /**
   * The batch's reference at Sinch, when it must stay the same across notifications: a
   * caller retrying a failed send under a new idempotency key passes the first one here.
   */
  client_reference?: string
  /** Look the reference up before sending (a retry of a send that may have gone out). */
  lookup_first?: boolean
  /**
   * Only look the reference up, never send: the batch id when Sinch has one, else a
   * `NOT_FOUND` error (settling a text whose fate was never recorded).
   */
  lookup_only?: boolean
}

type SendRequest = {
  to: string
  from: string
  body: string
  clientReference: string
  callbackUrl?: string
  lookupFirst: boolean
  lookupOnly: boolean
}

const MAX_BODY_LENGTH = 2000
const RETRY_POLICY = { baseMs: 200, capMs: 5_000 }
const RETRYABLE_NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
])

/**
 * Sends SMS through Sinch's SMS REST API with the official SDK. Sinch has no idempotency
 * key, so each batch carries the notification's idempotency key as `client_reference`, and
 * before any retry (and before giving up) the batch is looked up by it: a send that timed
 * out after Sinch accepted it is reported as sent, never sent again.
 */
export class SinchNotificationService extends AbstractNotificationProviderService {
  static identifier = "sinch"

  protected readonly config_: SinchOptions
  protected readonly logger_: Logger
  protected readonly sms_: SmsService

  static validateOptions(options: Record<string, unknown>): void {
    parseSinchOptions(options)
  }

  constructor({ logger }: InjectedDependencies, options: Record<string, unknown>) {
    super()
    this.logger_ = logger
    this.config_ = parseSinchOptions(options)
    this.sms_ = new SmsService({
      servicePlanId: this.config_.servicePlanId,
      apiToken: this.config_.apiToken,
      smsRegion: this.config_.region,
      ...(this.config_.smsHostname ? { smsHostname: this.config_.smsHostname } : {}),
      logger: this.sdkLogger(),
    })
  }

  async send(
    notification: SinchSendNotification
  ): Promise<ProviderSendNotificationResultsDTO> {
    const request = this.buildRequest(notification)
    if (request.lookupOnly) {
      return { id: await this.lookUpOnly(request) }
    }
    const batchId = await this.sendWithRetries(request)
    this.logger_.info(
      `Sinch accepted SMS to ${maskPhone(request.to)} as batch ${batchId} (${request.clientReference})`
    )
    return { id: batchId }
  }

  private buildRequest(notification: SinchSendNotification): SendRequest {
    const phone = normalizePhone(
      notification.to,
      this.config_.defaultCountry as CountryCode
    )
    if (!phone) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Cannot send SMS: "${maskPhone(notification.to)}" is not a valid phone number`
      )
    }
    const body = notification.content?.text ?? notification.data?.body
    if (typeof body !== "string" || !body.trim()) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "Cannot send SMS: the notification has no text (content.text or data.body)"
      )
    }
    if (body.length > MAX_BODY_LENGTH) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Cannot send SMS: the text has ${body.length} characters; Sinch accepts at most ${MAX_BODY_LENGTH}`
      )
    }
    const providerData = (notification.provider_data ?? {}) as SinchProviderData
    const reference =
      providerData.client_reference || notification.idempotency_key || notification.id
    if (!reference) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "Cannot send SMS: the notification has neither an idempotency key nor an id to reference the batch by"
      )
    }
    return {
      to: phone.e164,
      from: notification.from || this.config_.from,
      body,
      clientReference: toClientReference(reference),
      callbackUrl: providerData.callback_url,
      lookupFirst: providerData.lookup_first === true,
      lookupOnly: providerData.lookup_only === true,
    }
  }

  /**
   * Sends, retrying 429s, 5xx, timeouts and dropped connections with jittered backoff. Some
   * of those failures may hide an accepted batch (`mayHaveBeenSent`): before sending again,
   * and before giving up, the batch is looked up by its reference, and when that lookup itself
   * fails the send stops there rather than risk a second text.
   */
  private async sendWithRetries(request: SendRequest): Promise<string> {
    let uncertain = request.lookupFirst
    let lastError: unknown
    for (let attempt = 0; attempt <= this.config_.maxRetries; attempt++) {
      if (attempt > 0) {
        await sleep(retryDelayMs(attempt - 1, RETRY_POLICY))
      }
      if (uncertain) {
        const existing = await this.findBatchOrStop(request, lastError)
        if (existing) {
          return existing
        }
      }
      try {
        return await this.createBatch(request)
      } catch (error) {
        if (!isRetryable(error)) {
          throw this.toMedusaError(error, request)
        }
        lastError = error
        uncertain = mayHaveBeenSent(error)
        this.logger_.warn(
          `Sinch send to ${maskPhone(request.to)} failed (attempt ${attempt + 1} of ${this.config_.maxRetries + 1}): ${describeError(error)}`
        )
      }
    }
    if (uncertain) {
      const existing = await this.findBatchOrStop(request, lastError)
      if (existing) {
        return existing
      }
    }
    throw this.toMedusaError(lastError, request)
  }

  /** The batch under the request's reference, retried like a send; never sends. */
  private async lookUpOnly(request: SendRequest): Promise<string> {
    let lastError: unknown
    for (let attempt = 0; attempt <= this.config_.maxRetries; attempt++) {
      if (attempt > 0) {
        await sleep(retryDelayMs(attempt - 1, RETRY_POLICY))
      }
      try {
        const batchId = await this.findBatch(request.clientReference)
        if (batchId) {
          return batchId
        }
        throw new MedusaError(
          MedusaError.Types.NOT_FOUND,
          `${SINCH_HAS_NO_BATCH} ${request.clientReference}`
        )
      } catch (error) {
        if (!isRetryable(error)) {
          throw this.toMedusaError(error, request)
        }
        lastError = error
      }
    }
    throw new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      `Sinch could not be asked for the batch of ${request.clientReference}: ${describeError(lastError)}`
    )
  }

  /** The batch already sent under this reference, or a thrown error when Sinch can't tell. */
  private async findBatchOrStop(request: SendRequest, lastError: unknown): Promise<string | undefined> {
    try {
      return await this.findBatch(request.clientReference)
    } catch (error) {
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        `Sinch SMS to ${maskPhone(request.to)} not sent again: an earlier attempt may have been accepted (${lastError ? describeError(lastError) : "retry"}) and looking it up failed: ${describeError(error)}`
      )
    }
  }

  /**
   * One attempt. The SDK cannot abort a request, so one that outlives `timeoutMs` may still
   * reach Sinch after a retry has gone out: that would be a second text. It gets as long again
   * to answer; if it still hasn't, the batch is looked up, and when Sinch has no such batch
   * yet the send stops instead of racing the request it cannot call back. A later retry that
   * asks first (`lookup_first`) finds the batch if it landed.
   */
  private async createBatch(request: SendRequest): Promise<string> {
    const sending = this.postBatch(request)
    try {
      return await withTimeout(sending, this.config_.timeoutMs)
    } catch (error) {
      if (!(error instanceof TimeoutError)) {
        throw error
      }
      const late = await settleWithin(sending, this.config_.timeoutMs)
      if (late.status === "fulfilled") {
        return late.value
      }
      if (late.status === "rejected") {
        throw late.reason
      }
      const existing = await this.findBatchOrStop(request, error)
      if (existing) {
        return existing
      }
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        `Sinch SMS to ${maskPhone(request.to)} not sent again: the request has had no answer for ${2 * this.config_.timeoutMs} ms and may still be accepted`
      )
    }
  }

  private async postBatch(request: SendRequest): Promise<string> {
    const response = await this.sms_.batches.sendTextMessage({
      sendSMSRequestBody: {
        to: [request.to],
        from: request.from,
        body: request.body,
        client_reference: request.clientReference,
        delivery_report: this.config_.deliveryReport,
        ...(request.callbackUrl ? { callback_url: request.callbackUrl } : {}),
        ...(this.config_.maxParts ? { max_number_of_message_parts: this.config_.maxParts } : {}),
      },
    })
    if (!response.id) {
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        "Sinch accepted the batch but returned no batch id"
      )
    }
    return response.id
  }

  /** The batch already created under this reference, if any. */
  private async findBatch(clientReference: string): Promise<string | undefined> {
    const page = await withTimeout(
      this.sms_.batches.list({ client_reference: clientReference }),
      this.config_.timeoutMs
    )
    const batch = page.data.find(
      (candidate) => candidate.client_reference === clientReference && candidate.id
    )
    return batch?.id
  }

  private toMedusaError(error: unknown, request: SendRequest): MedusaError {
    if (error instanceof MedusaError) {
      return error
    }
    const reason = describeError(error)
    const target = maskPhone(request.to)
    if (isClientError(error)) {
      return new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Sinch refused the SMS to ${target}: ${reason}`
      )
    }
    return new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      `Sinch did not accept the SMS to ${target} after ${this.config_.maxRetries + 1} attempts: ${reason}`
    )
  }

  /**
   * The SDK logs every failed request at debug level with its URL and headers (the bearer
   * token among them), so debug output is dropped; the rest goes to Medusa's logger with
   * phone numbers masked.
   */
  private sdkLogger(): SinchLogger {
    const forward = (log: (text: string) => void) => (message: LogMessage) =>
      log(`[Sinch SDK] ${maskPhonesInText(typeof message === "function" ? message() : message)}`)
    return {
      debug: () => undefined,
      info: forward((text) => this.logger_.info(text)),
      warn: forward((text) => this.logger_.warn(text)),
      error: forward((text) => this.logger_.error(text)),
    }
  }
}

/**
 * The SDK puts `client_reference` into the lookup URL unencoded, so a key with `&`, `#`, `+`
 * or spaces would find nothing (or the wrong batch). Such keys are replaced by their hash,
 * which is just as stable.
 */
function toClientReference(key: string): string {
  if (/^[A-Za-z0-9._:-]{1,200}$/.test(key)) {
    return key
  }
  return `sha256-${createHash("sha256").update(key).digest("hex")}`
}

type SinchRequestError = {
  statusCode: number
  data?: unknown
}

function isRequestError(error: unknown): error is SinchRequestError {
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { statusCode?: unknown }).statusCode === "number"
  )
}

function isClientError(error: unknown): boolean {
  return (
    isRequestError(error) &&
    error.statusCode >= 400 &&
    error.statusCode < 500 &&
    error.statusCode !== 429
  )
}

function isRetryable(error: unknown): boolean {
  if (error instanceof TimeoutError) {
    return true
  }
  if (isRequestError(error)) {
    return error.statusCode === 429 || error.statusCode >= 500
  }
  return RETRYABLE_NETWORK_CODES.has(networkErrorCode(error) ?? "")
}

/**
 * A 429 is a refusal and a refused connection never reached Sinch; anything else (a timeout,
 * a 5xx, a connection dropped mid-request) may have left an accepted batch behind.
 */
function mayHaveBeenSent(error: unknown): boolean {
  if (isRequestError(error)) {
    return error.statusCode !== 429
  }
  return networkErrorCode(error) !== "ECONNREFUSED"
}

function networkErrorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) {
    return undefined
  }
  const { code, errno } = error as { code?: unknown; errno?: unknown }
  if (typeof code === "string") {
    return code
  }
  return typeof errno === "string" ? errno : undefined
}

/** Sinch's `{ code, text }` (or Google-style `{ error: { status, message } }`) when present. */
function describeError(error: unknown): string {
  if (isRequestError(error)) {
    return `HTTP ${error.statusCode} ${describeSinchBody(error.data)}`.trim()
  }
  const message = error instanceof Error ? error.message : String(error)
  return maskPhonesInText(message)
}

function describeSinchBody(data: unknown): string {
  const body = typeof data === "string" ? safeJsonParse(data) : data
  if (typeof body !== "object" || body === null) {
    return typeof data === "string" ? maskPhonesInText(data.slice(0, 200)) : ""
  }
  const { code, text, error } = body as {
    code?: unknown
    text?: unknown
    error?: { status?: unknown; message?: unknown }
  }
  if (code !== undefined || text !== undefined) {
    return maskPhonesInText(`${String(code ?? "")}: ${String(text ?? "")}`)
  }
  if (error) {
    return maskPhonesInText(`${String(error.status ?? "")}: ${String(error.message ?? "")}`)
  }
  return ""
}

function safeJsonParse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
