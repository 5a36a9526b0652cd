import type { ApiOperation } from "./faults"

export type ApiRoute =
  | { operation: Extract<ApiOperation, "send" | "list" | "dry_run">; planId: string }
  | { operation: Extract<ApiOperation, "get" | "cancel">; planId: string; batchId: string }

const BATCHES_PATH = /^\/xms\/v1\/([^/]+)\/batches(?:\/([^/]+))?\/?$/

/** Maps a request to the Batches operation it is, the way the SDK builds its URLs. */
export function matchApiRoute(method: string, pathname: string): ApiRoute | "unknown_path" | "method_not_allowed" {
  const match = BATCHES_PATH.exec(pathname)
  if (!match) {
    return "unknown_path"
  }
  const planId = safeDecode(match[1])
  if (match[2] === undefined) {
    return matchCollectionRoute(method, planId)
  }
  return matchBatchRoute(method, planId, safeDecode(match[2]))
}

function matchCollectionRoute(method: string, planId: string): ApiRoute | "method_not_allowed" {
  if (method === "POST") {
    return { operation: "send", planId }
  }
  if (method === "GET") {
    return { operation: "list", planId }
  }
  return "method_not_allowed"
}

function matchBatchRoute(method: string, planId: string, batchSegment: string): ApiRoute | "method_not_allowed" {
  if (batchSegment === "dry_run" && method === "POST") {
    return { operation: "dry_run", planId }
  }
  if (method === "GET") {
    return { operation: "get", planId, batchId: batchSegment }
  }
  if (method === "DELETE") {
    return { operation: "cancel", planId, batchId: batchSegment }
  }
  return "method_not_allowed"
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
