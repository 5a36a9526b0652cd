import { renderBody } from "./batch-request"
import {
  batchDeliveryReportBody,
  recipientDeliveryReportBody,
  type BatchDeliveryReportBody,
  type RecipientDeliveryReportBody,
  type RecipientOutcome,
} from "./callbacks"
import type { AutoDeliveryReportOptions, DeliveryStatus, SinchBatch, SinchSimulatorOptions } from "./types"

export type AutoReportSettings = Required<AutoDeliveryReportOptions>

const DEFAULT_DELAY_MS = 50

/** The usual delivery-receipt code for a status (Sinch DeliveryReceiptCodeEnum); override with `code`. */
const DEFAULT_STATUS_CODES: Record<DeliveryStatus, number> = {
  Delivered: 0,
  Queued: 400,
  Dispatched: 401,
  Failed: 402,
  Aborted: 403,
  Unknown: 403,
  Expired: 406,
  Cancelled: 407,
  Rejected: 408,
  Deleted: 408,
}

/** Sinch fails a recipient whose `${name}` has neither a value nor a default with code 405. */
const UNMATCHED_PARAMETER: Pick<RecipientOutcome, "status" | "code"> = { status: "Failed", code: 405 }

export function resolveAutoReports(
  option: SinchSimulatorOptions["autoDeliveryReports"]
): AutoReportSettings | undefined {
  if (!option) {
    return undefined
  }
  const settings = option === true ? { delayMs: DEFAULT_DELAY_MS } : option
  const status = settings.status ?? "Delivered"
  return { delayMs: settings.delayMs, status, code: settings.code ?? DEFAULT_STATUS_CODES[status] }
}

/** The callbacks Sinch would post for a batch: one per recipient, or one per batch for summary/full. */
export function autoReportPayloads(
  batch: SinchBatch,
  settings: AutoReportSettings
): (RecipientDeliveryReportBody | BatchDeliveryReportBody)[] {
  const outcomes = batch.to.map(
    (recipient): RecipientOutcome =>
      renderBody(batch, recipient).hasUnmatchedParameter
        ? { recipient, ...UNMATCHED_PARAMETER }
        : { recipient, status: settings.status, code: settings.code }
  )
  if (batch.delivery_report === "summary" || batch.delivery_report === "full") {
    return [batchDeliveryReportBody(batch, outcomes, batch.delivery_report === "full")]
  }
  return outcomes.map((outcome) =>
    recipientDeliveryReportBody({ batchId: batch.id, clientReference: batch.client_reference, ...outcome })
  )
}
