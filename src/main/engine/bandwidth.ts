// The bandwidth limit of the app's settings, shared by every upload in this engine process:
// the limit is for the computer's link, not per file (downloads hold their own total of the
// same limit, download/download-link.ts). Each part reserves the next free slot
// of the link's time (its size over the rate) and waits for that slot to start, so parts
// go out at full speed but spaced to average the limit (aws-cli's max_bandwidth, rclone's
// --bwlimit). A pause or cancel stops the wait at once.
import { sleep, throwIfStopped } from '../s3/stop-signal'

/** One link's timetable: when it is free again. */
export class LinkSchedule {
  #freeAt = 0

  /** Waits until `bytes` may be sent under `bytesPerSecond` (0 or absent: no limit). */
  async take(bytes: number, bytesPerSecond: number | undefined, signal: AbortSignal): Promise<void> {
    if (!bytesPerSecond || bytesPerSecond <= 0) return
    const now = performance.now()
    // An idle link earns no credit: a burst after a quiet minute would break the limit.
    const start = Math.max(now, this.#freeAt)
    this.#freeAt = start + (bytes / bytesPerSecond) * 1000
    // Whatever the signal's reason, a wait cut short surfaces as the stop sentinel.
    if (start - now > 1) await sleep(start - now, signal).catch(() => throwIfStopped(signal))
  }
}

const engineLink = new LinkSchedule()

/** The engine's one link, shared by every upload it runs. */
export const takeBandwidth = (bytes: number, bytesPerSecond: number | undefined, signal: AbortSignal) =>
  engineLink.take(bytes, bytesPerSecond, signal)
