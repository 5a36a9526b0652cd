export type BackoffPolicy = {
  /** Delay ceiling of the first retry, in milliseconds. */
  baseMs: number
  /** No retry waits longer than this, however many came before. */
  capMs: number
}

/**
 * "Full jitter" exponential backoff: a uniformly random wait in [0, min(cap, base · 2^n)).
 * Spreading retries at random keeps many senders that failed together (a 429 burst, an
 * outage ending) from retrying in lockstep and failing together again.
 */
export function retryDelayMs(
  retry: number,
  policy: BackoffPolicy,
  random: () => number = Math.random
): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, retry))
  return Math.floor(random() * ceiling)
}

export class TimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms`)
    this.name = "TimeoutError"
  }
}

/**
 * Settles with `work`, or rejects with a `TimeoutError` once `timeoutMs` has passed. The work
 * itself is not cancelled (the Sinch SDK takes no AbortSignal): callers must treat a timeout
 * as "may have happened".
 */
export async function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(timeoutMs)), timeoutMs)
  })
  try {
    return await Promise.race([work, timeout])
  } finally {
    clearTimeout(timer)
  }
}

export type Settlement<T> =
  | { status: "fulfilled"; value: T }
  | { status: "rejected"; reason: unknown }
  | { status: "pending" }

/** How `work` stands after at most `ms` more milliseconds; it is not cancelled either way. */
export async function settleWithin<T>(work: Promise<T>, ms: number): Promise<Settlement<T>> {
  let timer: NodeJS.Timeout | undefined
  const stillPending = new Promise<Settlement<T>>((resolve) => {
    timer = setTimeout(() => resolve({ status: "pending" }), ms)
  })
  const settled = work.then(
    (value): Settlement<T> => ({ status: "fulfilled", value }),
    (reason: unknown): Settlement<T> => ({ status: "rejected", reason })
  )
  try {
    return await Promise.race([settled, stillPending])
  } finally {
    clearTimeout(timer)
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
