import { retryDelayMs, settleWithin, TimeoutError, withTimeout } from "../backoff"

describe("retryDelayMs", () => {
  const policy = { baseMs: 200, capMs: 5_000 }

  it.each([
    [0, 200],
    [1, 400],
    [2, 800],
    [3, 1_600],
    [4, 3_200],
    [5, 5_000],
    [20, 5_000],
  ])("retry %i waits below %i ms", (retry, ceiling) => {
    expect(retryDelayMs(retry, policy, () => 0.999999)).toBe(Math.floor(0.999999 * ceiling))
    expect(retryDelayMs(retry, policy, () => 0)).toBe(0)
  })

  it("spreads retries uniformly over the window (full jitter)", () => {
    expect(retryDelayMs(2, policy, () => 0.5)).toBe(400)
    expect(retryDelayMs(2, policy, () => 0.25)).toBe(200)
  })
})

describe("withTimeout", () => {
  it("settles with the work when it is fast enough", async () => {
    await expect(withTimeout(Promise.resolve("sent"), 50)).resolves.toBe("sent")
  })

  it("passes the work's own error through", async () => {
    await expect(withTimeout(Promise.reject(new Error("refused")), 50)).rejects.toThrow("refused")
  })

  it("rejects with a TimeoutError when the work hangs", async () => {
    const hanging = new Promise<never>(() => undefined)
    const error = await withTimeout(hanging, 20).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TimeoutError)
    expect((error as TimeoutError).timeoutMs).toBe(20)
  })
})

describe("settleWithin", () => {
  it("gives the value of work that finishes in time", async () => {
    await expect(settleWithin(Promise.resolve("sent"), 50)).resolves.toEqual({ status: "fulfilled", value: "sent" })
  })

  it("gives the reason of work that fails in time", async () => {
    const reason = new Error("refused")
    await expect(settleWithin(Promise.reject(reason), 50)).resolves.toEqual({ status: "rejected", reason })
  })

  it("says pending when the work outlasts the wait, and leaves it running", async () => {
    let finish: (value: string) => void = () => undefined
    const work = new Promise<string>((resolve) => {
      finish = resolve
    })

    await expect(settleWithin(work, 20)).resolves.toEqual({ status: "pending" })
    finish("late")
    await expect(work).resolves.toBe("late")
  })
})
