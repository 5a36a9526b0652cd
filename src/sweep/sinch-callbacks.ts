import { createHash } from "node:crypto"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { classifyInbound } from "../lib/keywords"
import { maskPhone } from "../lib/phone"
import { SMS_RECOVERY_MODULE } from "../modules/sms_recovery"
import type {
  InboundCallbackToApply,
  NewInboundCallback,
} from "../modules/sms_recovery/queries/inbound-callbacks"
import type SmsRecoveryModuleService from "../modules/sms_recovery/service"
import {
  handleInboundMessageWorkflow,
  type HandleInboundMessageWorkflowInput,
} from "../workflows/handle-inbound-message"
import {
  recordDeliveryReportWorkflow,
  type RecordDeliveryReportWorkflowInput,
} from "../workflows/record-delivery-report"
import { CONSENT_LOCK_SECONDS } from "../utils/consent-lock"

/**
 * How long a webhook's answer waits for its callback to be applied; past it the answer goes
 * and the callback is applied right after. Well under a second, so Sinch (and any proxy in
 * front of the store) gets its 2xx quickly even when a STOP waits for a send to its number.
 */
export const CALLBACK_APPLY_WAIT_MS = 600

/**
 * A callback still unapplied this long after it was recorded is retried by the
 * `sms-recovery-apply-sinch-callbacks` job: past the longest a STOP waits for the consent
 * lock, so the job does not race an application still under way.
 */
export const CALLBACK_RETRY_AFTER_MS = (CONSENT_LOCK_SECONDS + 30) * 1000

/** Applied callbacks are kept this long, so a late retry by Sinch is still recognised. */
export const APPLIED_CALLBACK_RETENTION_MS = 3 * 24 * 60 * 60 * 1000

type StoredInboundText = Omit<HandleInboundMessageWorkflowInput, "received_at"> & { received_at?: string }
type StoredDeliveryReport = Omit<RecordDeliveryReportWorkflowInput, "statuses"> & {
  statuses: (Omit<RecordDeliveryReportWorkflowInput["statuses"][number], "at"> & { at?: string | null })[]
}

/** An inbound text as recorded: keyed by Sinch's message id, an opt-out by its sender. */
export function inboundTextCallback(text: HandleInboundMessageWorkflowInput): NewInboundCallback {
  return {
    kind: "mo_text",
    external_id: text.id,
    opt_out_phone: classifyInbound(text.body).keyword === "stop" ? text.from : null,
    payload: asJson(text),
  }
}

/**
 * A delivery report as recorded. A batch gets several reports (Dispatched, then Delivered), so
 * the key is the batch id with a digest of the statuses, which Sinch's retry repeats exactly.
 */
export function deliveryReportCallback(report: RecordDeliveryReportWorkflowInput): NewInboundCallback {
  const digest = createHash("sha256").update(JSON.stringify(report.statuses)).digest("hex").slice(0, 24)
  return {
    kind: "delivery_report",
    external_id: `${report.batch_id}:${digest}`,
    opt_out_phone: null,
    payload: asJson(report),
  }
}

/**
 * Records a Sinch callback durably, then applies it, waiting for that at most
 * `CALLBACK_APPLY_WAIT_MS`; what is not done by then goes on after the webhook has answered.
 * A callback Sinch sends again after it was applied changes nothing.
 */
export async function receiveSinchCallback(
  container: MedusaContainer,
  callback: NewInboundCallback
): Promise<void> {
  const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
  const recorded = await smsRecovery.recordInboundCallback(callback)
  if (!recorded) {
    return
  }
  let timer: NodeJS.Timeout | undefined
  await Promise.race([
    applyInboundCallback(container, recorded),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CALLBACK_APPLY_WAIT_MS)
    }),
  ])
  clearTimeout(timer)
}

/** Applications under way in this process, so a retry arriving meanwhile joins the first. */
const applying = new Map<string, Promise<void>>()

/**
 * Applies a recorded callback through its workflow and marks it applied (dropping its
 * payload). A failure is counted on the row and logged, never thrown: the callback stays
 * unapplied, and an opt-out keeps blocking sends, until a retry applies it.
 */
export function applyInboundCallback(
  container: MedusaContainer,
  callback: InboundCallbackToApply
): Promise<void> {
  const running = applying.get(callback.id)
  if (running) {
    return running
  }
  const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
  const run = runCallbackWorkflow(container, callback)
    .then(() =>
      smsRecovery.updateInboundCallbacks({
        id: callback.id,
        applied_at: new Date(),
        payload: null,
        opt_out_phone_key: null,
      })
    )
    .then(
      () => undefined,
      async (error: Error) => {
        container
          .resolve(ContainerRegistrationKeys.LOGGER)
          .warn(`Sinch ${callback.kind} callback ${callback.id} is not applied yet: ${error.message}`)
        await smsRecovery
          .updateInboundCallbacks({
            id: callback.id,
            attempts: callback.attempts + 1,
            last_error: error.message.slice(0, 1000),
          })
          .catch(() => undefined)
      }
    )
    .finally(() => applying.delete(callback.id))
  applying.set(callback.id, run)
  return run
}

/**
 * Applies, oldest first, callbacks recorded before `recordedBefore` and still unapplied (their
 * process stopped, or their workflow failed). Returns how many it tried.
 */
export async function applyUnappliedInboundCallbacks(
  container: MedusaContainer,
  { recordedBefore, limit = 100 }: { recordedBefore: Date; limit?: number }
): Promise<number> {
  const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
  const callbacks = await smsRecovery.listInboundCallbacks(
    { applied_at: null, created_at: { $lt: recordedBefore } },
    { select: ["id", "kind", "payload", "attempts"], order: { created_at: "ASC" }, take: limit }
  )
  for (const callback of callbacks) {
    await applyInboundCallback(container, callback as InboundCallbackToApply)
  }
  return callbacks.length
}

/** Deletes callbacks applied before `appliedBefore`; Sinch no longer retries them. */
export async function pruneAppliedInboundCallbacks(
  container: MedusaContainer,
  appliedBefore: Date
): Promise<void> {
  const smsRecovery = container.resolve<SmsRecoveryModuleService>(SMS_RECOVERY_MODULE)
  const old = await smsRecovery.listInboundCallbacks(
    { applied_at: { $lt: appliedBefore } },
    { select: ["id"], take: 5_000 }
  )
  if (old.length) {
    await smsRecovery.deleteInboundCallbacks(old.map(({ id }) => id))
  }
}

async function runCallbackWorkflow(container: MedusaContainer, callback: InboundCallbackToApply) {
  if (callback.kind === "mo_text") {
    const text = callback.payload as StoredInboundText
    const { result } = await handleInboundMessageWorkflow(container).run({
      input: { ...text, received_at: text.received_at ? new Date(text.received_at) : undefined },
    })
    if (!result.keyword) {
      container
        .resolve(ContainerRegistrationKeys.LOGGER)
        .info(
          `Inbound text ${text.id} from ${maskPhone(text.from)} is not a keyword; ${
            result.reply_id ? `kept as reply ${result.reply_id}` : "blank, ignored"
          }`
        )
    }
    return
  }
  const report = callback.payload as StoredDeliveryReport
  await recordDeliveryReportWorkflow(container).run({
    input: {
      ...report,
      statuses: report.statuses.map((status) => ({ ...status, at: status.at ? new Date(status.at) : null })),
    },
  })
}

function asJson(value: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>
}
