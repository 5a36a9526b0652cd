import { MedusaError } from "@medusajs/framework/utils"
import type { z } from "@medusajs/framework/zod"

/**
 * Parses configuration read at boot. A bad value stops boot with one message that names every
 * offending option, e.g. `Invalid Sinch provider options: "apiToken" is required; "region" …`.
 */
export function parseOptions<Schema extends z.ZodType>(
  schema: Schema,
  raw: unknown,
  owner: string
): z.output<Schema> {
  // Without reportInput, zod 4 leaves every issue's input undefined, so a value of the wrong
  // type would read as a missing one. The input itself is never put in the message (secrets).
  const result = schema.safeParse(raw ?? {}, { reportInput: true })
  if (result.success) {
    return result.data
  }
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.length ? issue.path.join(".") : "(options)"
    return `"${name}" ${describeIssue(issue)}`
  })
  throw new MedusaError(
    MedusaError.Types.INVALID_DATA,
    `Invalid ${owner} options: ${problems.join("; ")}`
  )
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type" && issue.input === undefined) {
    return "is required"
  }
  return issue.message
}
