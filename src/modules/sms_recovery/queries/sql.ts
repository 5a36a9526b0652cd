import { OPEN_RECOVERY_STATUSES } from "../../../lib/recovery-status"

/** A statement with knex-style `?` placeholders and its parameters. */
export type SqlQuery = { sql: string; params: unknown[] }

/** `?, ?, ?` for a list bound value by value (the driver would not expand an array). */
export function placeholders(values: readonly unknown[]): string {
  return values.map(() => "?").join(", ")
}

/** The open recovery statuses as an SQL list, `'tracking', 'active'`, from their one definition. */
export const OPEN_RECOVERY_STATUSES_SQL = OPEN_RECOVERY_STATUSES.map((status) => `'${status}'`).join(", ")
