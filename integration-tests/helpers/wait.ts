/**
 * Polls `read` until it gives something other than `undefined` or `false`, and returns that;
 * for what a test cannot await directly (a subscriber's write, a simulator's late batch).
 */
export async function waitFor<T>(
  read: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = 15_000, intervalMs = 50 } = {}
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (value !== undefined && value !== false) {
      return value
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting`)
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}
