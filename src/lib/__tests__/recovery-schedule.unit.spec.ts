import { abandonedAt, retryAt, scheduleOf, stepDueAt } from "../recovery-schedule"

const MINUTE = 60_000
const at = new Date("2026-11-30T19:00:00.000Z")

describe("recovery schedule", () => {
  it("counts a cart abandoned after the campaign's idle time, and no campaign as none", () => {
    expect(abandonedAt(at, { abandon_after_minutes: 30 })).toEqual(new Date(at.getTime() + 30 * MINUTE))
    expect(abandonedAt(at, null)).toEqual(at)
  })

  it("makes a step due its delay after the abandonment", () => {
    const abandoned = abandonedAt(at, { abandon_after_minutes: 30 })
    expect(stepDueAt(abandoned, { delay_minutes: 0 })).toEqual(abandoned)
    expect(stepDueAt(abandoned, { delay_minutes: 24 * 60 })).toEqual(new Date(abandoned.getTime() + 24 * 60 * MINUTE))
  })

  it("gives the abandonment and a step's due time together", () => {
    expect(scheduleOf(at, { abandon_after_minutes: 30 }, { delay_minutes: 60 })).toEqual({
      abandonedAt: new Date(at.getTime() + 30 * MINUTE),
      dueAt: new Date(at.getTime() + 90 * MINUTE),
    })
  })

  it.each([
    [1, 0, 1 * MINUTE],
    [1, 0.999, 1 * MINUTE + Math.floor(0.999 * 2 * MINUTE)],
    [3, 0.5, 1 * MINUTE + 4 * MINUTE],
    [20, 0.999, 1 * MINUTE + Math.floor(0.999 * 30 * MINUTE)],
  ])("retries after failure %i at least a minute later, backing off to half an hour (random %f)", (attempts, random, delay) => {
    expect(retryAt(at, attempts, () => random).getTime() - at.getTime()).toBe(delay)
  })
})
