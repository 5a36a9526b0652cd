import {
  abandonedAt,
  advanceAfterStep,
  armDelays,
  busyRetryAt,
  retryAt,
  scheduleOf,
  stepDelayMinutes,
  stepDueAt,
  stepTimingProblems,
} from "../recovery-schedule"
import { assignedVariant } from "../variants"

const MINUTE = 60_000
const at = new Date("2026-11-30T19:00:00.000Z")

/** One text, no timing arm: every cart gets the step's own delay. */
const plainStep = (position: number, delay_minutes: number) => ({
  position,
  delay_minutes,
  variants: [{ id: `v${position}`, weight: 1, delay_minutes: null }],
})

/** Step 1 tests timing: A at the step's 30 minutes, B at 24 hours, half the carts each. */
const timedStep = {
  position: 1,
  delay_minutes: 30,
  variants: [
    { id: "a", weight: 1, delay_minutes: null },
    { id: "b", weight: 1, delay_minutes: 24 * 60 },
  ],
}

/** The first cart id of the form `cart_<n>` that the assignment puts in `variantId`. */
function cartIn(step: typeof timedStep, variantId: string): string {
  for (let i = 0; i < 1_000; i++) {
    if (assignedVariant(step, `cart_${i}`).id === variantId) {
      return `cart_${i}`
    }
  }
  throw new Error(`no cart lands in ${variantId}`)
}

describe("recovery schedule", () => {
  it("counts a cart abandoned after the campaign's idle time, and no campaign as none", () => {
    expect(abandonedAt(at, { abandon_after_minutes: 30 })).toEqual(new Date(at.getTime() + 30 * MINUTE))
    expect(abandonedAt(at, null)).toEqual(at)
  })

  it("makes a step due its delay after the abandonment", () => {
    const abandoned = abandonedAt(at, { abandon_after_minutes: 30 })
    expect(stepDueAt(abandoned, null, plainStep(1, 0), "cart_1")).toEqual(abandoned)
    expect(stepDueAt(abandoned, null, plainStep(1, 24 * 60), "cart_1")).toEqual(
      new Date(abandoned.getTime() + 24 * 60 * MINUTE)
    )
    expect(stepDueAt(abandoned, null, null, "cart_1")).toEqual(abandoned)
  })

  it("gives the abandonment and a step's due time together", () => {
    expect(scheduleOf(at, { abandon_after_minutes: 30 }, plainStep(1, 60), "cart_1")).toEqual({
      abandonedAt: new Date(at.getTime() + 30 * MINUTE),
      dueAt: new Date(at.getTime() + 90 * MINUTE),
    })
  })

  it("times a step by the variant the cart is assigned, the one whose text it gets", () => {
    const inA = cartIn(timedStep, "a")
    const inB = cartIn(timedStep, "b")
    expect(stepDelayMinutes(timedStep, inA)).toBe(30)
    expect(stepDelayMinutes(timedStep, inB)).toBe(1440)
    const campaign = { abandon_after_minutes: 60, steps: [timedStep] }
    // Abandoned at 20:00 (19:00 + 60 min): A at 20:30, B 24 h later at 20:00 the next day.
    expect(scheduleOf(at, campaign, timedStep, inA).dueAt).toEqual(new Date("2026-11-30T20:30:00.000Z"))
    expect(scheduleOf(at, campaign, timedStep, inB).dueAt).toEqual(new Date("2026-12-01T20:00:00.000Z"))
  })

  it("gives the same cart the same arm on every schedule, and spreads carts over both arms", () => {
    const delays = Array.from({ length: 1_000 }, (_, i) => stepDelayMinutes(timedStep, `cart_${i}`))
    expect(Array.from({ length: 1_000 }, (_, i) => stepDelayMinutes(timedStep, `cart_${i}`))).toEqual(delays)
    const long = delays.filter((delay) => delay === 1440).length
    expect(long).toBeGreaterThan(450)
    expect(long).toBeLessThan(550)
    expect(delays.every((delay) => delay === 30 || delay === 1440)).toBe(true)
  })

  it("falls back to the step's delay when no variant can be picked", () => {
    expect(stepDelayMinutes({ position: 1, delay_minutes: 45, variants: [] }, "cart_1")).toBe(45)
    expect(
      stepDelayMinutes({ position: 1, delay_minutes: 45, variants: [{ id: "a", weight: 0, delay_minutes: 5 }] }, "cart_1")
    ).toBe(45)
  })

  it("never makes a step due before an earlier step of the same cart, even after a mid-episode edit", () => {
    const inB = cartIn(timedStep, "b")
    const inA = cartIn(timedStep, "a")
    // Step 2 at 12 h would come before B's 24 h: B's carts get it at 24 h, A's at its 12 h.
    const second = plainStep(2, 12 * 60)
    const campaign = { abandon_after_minutes: 0, steps: [timedStep, second] }
    expect(stepDueAt(at, campaign, second, inB)).toEqual(new Date(at.getTime() + 1440 * MINUTE))
    expect(stepDueAt(at, campaign, second, inA)).toEqual(new Date(at.getTime() + 720 * MINUTE))
  })

  it.each([
    [1, 0, 1 * MINUTE],
    [1, 0.999, 1 * MINUTE + Math.floor(0.999 * 2 * MINUTE)],
    [3, 0.5, 1 * MINUTE + 4 * MINUTE],
    [20, 0.999, 1 * MINUTE + Math.floor(0.999 * 30 * MINUTE)],
  ])("retries after failure %i at least a minute later, backing off to half an hour (random %f)", (attempts, random, delay) => {
    expect(retryAt(at, attempts, () => random).getTime() - at.getTime()).toBe(delay)
  })

  it.each([
    [0, 5_000],
    [0.5, 17_500],
    [0.999, 5_000 + Math.floor(0.999 * 25_000)],
  ])("tries a text whose number was busy again 5 to 30 seconds later (random %f)", (random, delay) => {
    expect(busyRetryAt(at, () => random).getTime() - at.getTime()).toBe(delay)
  })
})

describe("step timing rules", () => {
  const step = (delay_minutes: number, ...variantDelays: (number | null)[]) => ({
    delay_minutes,
    variants: variantDelays.map((delay) => ({ delay_minutes: delay })),
  })

  it("lists a step's arms, a variant without a delay at the step's", () => {
    expect(armDelays(step(30, null, 1440, 0))).toEqual([30, 1440, 0])
  })

  it.each([
    ["increasing steps without arms", [step(30, null), step(1440, null)], []],
    ["arms all before the next step", [step(30, null, 1440), step(2880, null)], []],
    ["an arm of the next step later than every earlier arm", [step(30, null, 600), step(720, null, 2000)], []],
    [
      "a step not after the previous step's delay",
      [step(60, null), step(60, null)],
      [{ path: [1, "delay_minutes"], message: "must be greater than the previous step's delay (60)" }],
    ],
    [
      "a step whose own delay comes before an arm of the previous step",
      [step(30, null, 1440), step(720, null)],
      [{ path: [1, "delay_minutes"], message: "must be greater than the previous step's longest variant delay (1440)" }],
    ],
    [
      "an arm before an arm of the previous step",
      [step(30, null, 600), step(720, 500, null)],
      [{ path: [1, "variants", 0, "delay_minutes"], message: "must be greater than the previous step's longest variant delay (600)" }],
    ],
    [
      "an arm equal to the previous step's latest, while the step's own delay is unused",
      [step(30, 90), step(60, 90)],
      [{ path: [1, "variants", 0, "delay_minutes"], message: "must be greater than the previous step's longest variant delay (90)" }],
    ],
  ])("%s", (_, steps, problems) => {
    expect(stepTimingProblems(steps)).toEqual(problems)
  })
})

describe("advanceAfterStep", () => {
  const campaign = { abandon_after_minutes: 30, steps: [plainStep(1, 0), plainStep(2, 120), plainStep(3, 24 * 60)] }
  const abandoned = new Date(at.getTime() + 30 * MINUTE)
  const base = { campaign, status: "tracking" as const, abandonedAt: abandoned, cartId: "cart_1", now: abandoned }

  it.each([
    // position, status, reminded, expected status, next step, due (minutes after abandonment)
    [1, "tracking", true, "active", 2, 120],
    [1, "tracking", false, "tracking", 2, 120],
    [1, "active", true, "active", 2, 120],
    [2, "active", true, "active", 3, 24 * 60],
  ] as const)("after step %i (%s, reminded: %s): %s at step %i, due %i minutes after abandonment", (position, status, reminded, expected, nextStep, minutes) => {
    expect(advanceAfterStep({ ...base, position, status, reminded })).toEqual({
      status: expected,
      nextStep,
      dueAt: new Date(abandoned.getTime() + minutes * MINUTE),
    })
  })

  it.each([
    [true, "exhausted"],
    [false, "expired"],
  ] as const)("after the last step (reminded: %s) it ends %s, past the last position", (reminded, expected) => {
    expect(advanceAfterStep({ ...base, position: 3, status: "active", reminded })).toEqual({
      status: expected,
      nextStep: 4,
      dueAt: null,
    })
  })

  it("ends a recovery whose campaign is gone", () => {
    expect(advanceAfterStep({ ...base, campaign: null, position: 1, reminded: false })).toEqual({
      status: "expired",
      nextStep: 2,
      dueAt: null,
    })
  })

  it("never schedules the next step before now, so never before this step's send", () => {
    const late = new Date(abandoned.getTime() + 5 * 60 * MINUTE)
    expect(advanceAfterStep({ ...base, position: 1, reminded: true, now: late }).dueAt).toEqual(late)
  })

  it("skips to the next position there is, however positions are numbered", () => {
    const gapped = { abandon_after_minutes: 30, steps: [plainStep(1, 0), plainStep(5, 60)] }
    expect(advanceAfterStep({ ...base, campaign: gapped, position: 1, reminded: true }).nextStep).toBe(5)
  })
})
