/** Owns every timer and in-flight callback of a simulator so close() can stop them all. */
export class Lifecycle {
  private readonly abortController = new AbortController()
  private readonly timers = new Set<NodeJS.Timeout>()

  get signal(): AbortSignal {
    return this.abortController.signal
  }

  get closed(): boolean {
    return this.abortController.signal.aborted
  }

  /** Runs `task` after `ms` unless the simulator closes first. */
  after(ms: number, task: () => void): void {
    if (this.closed) {
      return
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      task()
    }, ms)
    this.timers.add(timer)
  }

  /** Resolves true after `ms`, or false as soon as the simulator closes. */
  sleep(ms: number): Promise<boolean> {
    if (this.closed) {
      return Promise.resolve(false)
    }
    return new Promise((resolve) => {
      const onClose = (): void => resolve(false)
      this.signal.addEventListener("abort", onClose, { once: true })
      this.after(ms, () => {
        this.signal.removeEventListener("abort", onClose)
        resolve(true)
      })
    })
  }

  shutdown(): void {
    for (const timer of this.timers) {
      clearTimeout(timer)
    }
    this.timers.clear()
    this.abortController.abort()
  }
}
