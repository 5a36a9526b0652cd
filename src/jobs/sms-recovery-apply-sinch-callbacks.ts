import type { MedusaContainer } from "@medusajs/framework/types"
import {
  APPLIED_CALLBACK_RETENTION_MS,
  applyUnappliedInboundCallbacks,
  CALLBACK_RETRY_AFTER_MS,
  pruneAppliedInboundCallbacks,
} from "../sweep/sinch-callbacks"

/**
 * Every minute: applies the Sinch callbacks (STOPs, delivery reports) that were recorded and
 * answered but not applied, because their process stopped or their workflow failed, and
 * forgets callbacks applied days ago. Applying is idempotent, so it may run on several workers.
 */
export default async function smsRecoveryApplySinchCallbacksJob(container: MedusaContainer) {
  const now = Date.now()
  await applyUnappliedInboundCallbacks(container, { recordedBefore: new Date(now - CALLBACK_RETRY_AFTER_MS) })
  await pruneAppliedInboundCallbacks(container, new Date(now - APPLIED_CALLBACK_RETENTION_MS))
}

export const config = {
  name: "sms-recovery-apply-sinch-callbacks",
  schedule: "* * * * *",
}
