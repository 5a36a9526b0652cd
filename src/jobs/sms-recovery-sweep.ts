import type { MedusaContainer } from "@medusajs/framework/types"
import { runRecoverySweep } from "../sweep/recovery-sweep"

/**
 * Every minute: texts the recoveries that fell due. Claims are atomic, so running this on
 * several workers at once (or beside `POST /admin/sms-recovery/sweep`) never double-sends.
 */
export default async function smsRecoverySweepJob(container: MedusaContainer) {
  // Integration tests move time themselves and sweep explicitly.
  if (process.env.SMS_RECOVERY_SWEEP_JOB === "off") {
    return
  }
  await runRecoverySweep(container)
}

export const config = {
  name: "sms-recovery-sweep",
  schedule: "* * * * *",
}
