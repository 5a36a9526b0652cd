/**
 * The life of a recovery (one abandoned-cart episode):
 * - `tracking`: the cart is watched; no reminder has gone out yet;
 * - `active`: at least one reminder went out and more may follow;
 * - `recovered`: an order was attributed to it;
 * - `completed`: the cart was bought another way;
 * - `exhausted`: every step was done after at least one reminder went out;
 * - `stopped`: the shopper came back to the cart after a reminder (a new episode starts);
 * - `opted_out`: the number opted out (or was erased);
 * - `expired`: it ran out of steps without a reminder going out, or ended before its steps were
 *   done (the campaign switched off, the cart gone, a cart idle before the campaign began).
 */
export const RECOVERY_STATUSES = [
  "tracking",
  "active",
  "recovered",
  "completed",
  "exhausted",
  "stopped",
  "opted_out",
  "expired",
] as const

export type RecoveryStatus = (typeof RECOVERY_STATUSES)[number]

/** Statuses in which reminders may still be scheduled and sent. */
export const OPEN_RECOVERY_STATUSES: readonly RecoveryStatus[] = ["tracking", "active"]

/**
 * Every change of status the plugin makes, in one place. An order is attributed to a recovery
 * whatever its status was (a shopper may buy after the last step, or after opting out), and
 * a text that an earlier version recorded as sent but never reached Sinch reopens an exhausted
 * recovery at that step.
 */
export const RECOVERY_TRANSITIONS: Readonly<Record<RecoveryStatus, readonly RecoveryStatus[]>> = {
  tracking: ["active", "recovered", "completed", "exhausted", "opted_out", "expired"],
  active: ["tracking", "recovered", "completed", "exhausted", "stopped", "opted_out", "expired"],
  exhausted: ["tracking", "active", "recovered", "completed"],
  stopped: ["recovered", "completed"],
  opted_out: ["recovered", "completed"],
  expired: ["recovered", "completed"],
  completed: ["recovered"],
  recovered: [],
}

/** Whether a recovery in `from` may move to `to` (staying put always may). */
export function canTransition(from: RecoveryStatus, to: RecoveryStatus): boolean {
  return from === to || RECOVERY_TRANSITIONS[from].includes(to)
}

/**
 * How a recovery ends when it has no step left: `exhausted` once a reminder went out,
 * `expired` when none ever did.
 */
export function outOfStepsStatus(reminded: boolean): "exhausted" | "expired" {
  return reminded ? "exhausted" : "expired"
}

export function isOpen(status: string): boolean {
  return (OPEN_RECOVERY_STATUSES as readonly string[]).includes(status)
}
