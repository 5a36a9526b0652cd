/** The process's highest RSS between construction and `stop`, sampled every 50 ms. */
export class PeakRss {
  peakMiB = process.memoryUsage.rss() / 2 ** 20
  // `memoryUsage.rss()` alone: the full `memoryUsage()` walks the heap's spaces every 50 ms,
  // CPU the sweep's own figure would be charged for.
  private readonly timer = setInterval(() => {
    this.peakMiB = Math.max(this.peakMiB, process.memoryUsage.rss() / 2 ** 20)
  }, 50)

  stop() {
    clearInterval(this.timer)
  }
}
