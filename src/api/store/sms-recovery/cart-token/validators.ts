import { z } from "@medusajs/framework/zod"

export const StorePostCartToken = z.object({
  token: z.string().min(1).max(512),
})

export type StorePostCartTokenType = z.output<typeof StorePostCartToken>
