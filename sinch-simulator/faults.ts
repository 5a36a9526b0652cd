import { isJsonObject } from "./http-io"
import type { AcceptThenHangFault, FaultTarget, LatencyFault, SimulatorFault, StatusFault } from "./types"

/** The API operations a request can be; faults target one of them or "any". */
export type ApiOperation = Exclude<FaultTarget, "any">

const FAULT_TARGETS: readonly FaultTarget[] = ["send", "list", "get", "cancel", "dry_run", "any"]

interface QueuedFault {
  fault: SimulatorFault
  remaining: number
}

/** Faults in injection order; each request consumes one use of the oldest fault that targets it. */
export class FaultQueue {
  private queued: QueuedFault[] = []

  add(fault: SimulatorFault): void {
    this.queued.push({ fault, remaining: fault.times ?? 1 })
  }

  take(operation: ApiOperation): SimulatorFault | undefined {
    const entry = this.queued.find(({ fault }) => targets(fault, operation))
    if (!entry) {
      return undefined
    }
    entry.remaining -= 1
    if (entry.remaining <= 0) {
      this.queued = this.queued.filter((queued) => queued !== entry)
    }
    return entry.fault
  }

  clear(): void {
    this.queued = []
  }
}

function targets(fault: SimulatorFault, operation: ApiOperation): boolean {
  const target: FaultTarget = isHangFault(fault) ? "send" : (fault.on ?? "send")
  return target === "any" || target === operation
}

export function isHangFault(fault: SimulatorFault): fault is AcceptThenHangFault {
  return "acceptThenHang" in fault && fault.acceptThenHang === true
}

export function isLatencyFault(fault: SimulatorFault): fault is LatencyFault {
  return "latencyMs" in fault
}

export function isStatusFault(fault: SimulatorFault): fault is StatusFault {
  return "status" in fault
}

/** Validates a fault from a caller or from the control endpoint (untyped JSON); returns an error text when invalid. */
export function validateFault(raw: unknown): { fault: SimulatorFault } | { error: string } {
  if (!isJsonObject(raw)) {
    return { error: "a fault must be a JSON object" }
  }
  if (!isOptionalPositiveInteger(raw.times)) {
    return { error: "times: a positive integer" }
  }
  if (raw.on !== undefined && !FAULT_TARGETS.some((target) => target === raw.on)) {
    return { error: `on: one of ${FAULT_TARGETS.join(", ")}` }
  }
  if (raw.acceptThenHang === true) {
    return isOptionalNonNegativeNumber(raw.hangMs)
      ? { fault: raw as unknown as AcceptThenHangFault }
      : { error: "hangMs: a number of milliseconds" }
  }
  if (raw.latencyMs !== undefined) {
    return isOptionalNonNegativeNumber(raw.latencyMs)
      ? { fault: raw as unknown as LatencyFault }
      : { error: "latencyMs: a number of milliseconds" }
  }
  if (typeof raw.status === "number" && Number.isInteger(raw.status) && raw.status >= 100 && raw.status <= 599) {
    return { fault: raw as unknown as StatusFault }
  }
  return { error: "expected { status }, { latencyMs } or { acceptThenHang: true }" }
}

function isOptionalPositiveInteger(value: unknown): boolean {
  return value === undefined || (typeof value === "number" && Number.isInteger(value) && value > 0)
}

function isOptionalNonNegativeNumber(value: unknown): boolean {
  return value === undefined || (typeof value === "number" && Number.isFinite(value) && value >= 0)
}
