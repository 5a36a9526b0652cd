import {
  canTransition,
  isOpen,
  outOfStepsStatus,
  RECOVERY_STATUSES,
  RECOVERY_TRANSITIONS,
  type RecoveryStatus,
} from "../recovery-status"

describe("recovery statuses", () => {
  it("lists every status's way out, and only to known statuses", () => {
    expect(Object.keys(RECOVERY_TRANSITIONS).sort()).toEqual([...RECOVERY_STATUSES].sort())
    for (const targets of Object.values(RECOVERY_TRANSITIONS)) {
      targets.forEach((target) => expect(RECOVERY_STATUSES).toContain(target))
    }
  })

  it.each<[RecoveryStatus, RecoveryStatus, boolean]>([
    ["tracking", "active", true],
    ["tracking", "stopped", false],
    ["active", "stopped", true],
    ["exhausted", "active", true],
    ["expired", "active", false],
    ["opted_out", "active", false],
    ["opted_out", "recovered", true],
    ["recovered", "completed", false],
    ["recovered", "recovered", true],
  ])("%s → %s allowed: %s", (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed)
  })

  it.each<[boolean, RecoveryStatus]>([
    [true, "exhausted"],
    [false, "expired"],
  ])("a recovery out of steps (reminded: %s) ends %s, a move open statuses may make", (reminded, status) => {
    expect(outOfStepsStatus(reminded)).toBe(status)
    expect(canTransition("tracking", status)).toBe(true)
    expect(canTransition("active", status)).toBe(true)
  })

  it("keeps every status from which an order can still be attributed able to become recovered", () => {
    RECOVERY_STATUSES.filter((status) => status !== "recovered").forEach((status) =>
      expect(canTransition(status, "recovered")).toBe(true)
    )
  })

  it("counts only tracking and active recoveries as open", () => {
    expect(RECOVERY_STATUSES.filter(isOpen)).toEqual(["tracking", "active"])
  })
})
