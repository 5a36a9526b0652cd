import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { runRecoverySweep } from "../../../../sweep/recovery-sweep"

/** Runs a sweep now (the scheduled job runs one every minute) and reports what it did. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const sweep = await runRecoverySweep(req.scope)
  res.json({ sweep })
}
