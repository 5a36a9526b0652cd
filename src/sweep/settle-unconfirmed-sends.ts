import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { SINCH_HAS_NO_BATCH } from "../providers/sinch/errors"
import type SmsRecoveryModuleService from "../modules/sms_recovery/service"
import { handOverMessage } from "../workflows/utils/hand-over-message"

export type SettledSends = {
  /** Found at Sinch: the batch id is recorded. */
  found: number
  /** Not at Sinch, recovery still open: queued again, sent once by the engine. */
  requeued: number
  /** Not at Sinch, recovery moved on: marked failed. */
  failed: number
  /** Sinch could not be asked: left for the next sweep. */
  unresolved: number
}

/**
 * Settles texts that versions before per-message send attempts recorded as sent without a
 * Sinch batch id (a worker that died mid-send left them so, and some never went out). Each is
 * looked up at Sinch by its key, never sent from here: found, its batch id is recorded; not
 * found, the engine gets it back to send once under every send-time check, or it is marked
 * failed when its recovery has moved on. Reads through a partial index that is empty once
 * everything is settled, so a sweep with nothing to repair pays one index probe.
 */
export async function settleUnconfirmedSends(
  container: MedusaContainer,
  smsRecovery: SmsRecoveryModuleService,
  logger: Logger,
  now: Date,
  limit = 100
): Promise<SettledSends> {
  const settled: SettledSends = { found: 0, requeued: 0, failed: 0, unresolved: 0 }
  const messages = await smsRecovery.listSentWithoutBatch(limit)
  for (const message of messages) {
    try {
      const batchId = await handOverMessage(container, smsRecovery, message, {
        cart_id: message.cart_id,
        recovery_id: message.recovery_id,
        lookup_only: true,
      })
      await smsRecovery.updateMessages([{ id: message.id, batch_id: batchId }])
      settled.found++
    } catch (error) {
      if (!(error as Error).message.includes(SINCH_HAS_NO_BATCH)) {
        logger.warn(`SMS recovery: could not settle message ${message.id} yet: ${(error as Error).message}`)
        settled.unresolved++
        continue
      }
      settled[await smsRecovery.settleNeverSentMessage(message.id, now)]++
    }
  }
  if (messages.length) {
    logger.info(
      `SMS recovery settled ${messages.length} text(s) recorded as sent without a batch id: ` +
        `${settled.found} found at Sinch, ${settled.requeued} queued again, ${settled.failed} marked failed, ${settled.unresolved} left for later`
    )
  }
  return settled
}
