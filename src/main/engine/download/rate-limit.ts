import { sleep } from '../../s3/stop-signal'

/** Caps the bytes per second of all ranges together (aws-cli's max_bandwidth, rclone's --bwlimit). */
export class RateLimiter {
  private readonly started = performance.now()
  private bytes = 0

  constructor(private readonly bytesPerSecond: number) {}

  async take(n: number, signal?: AbortSignal): Promise<void> {
    this.bytes += n
    const due = this.started + (this.bytes / this.bytesPerSecond) * 1000
    const wait = due - performance.now()
    if (wait > 1) await sleep(wait, signal)
  }
}
