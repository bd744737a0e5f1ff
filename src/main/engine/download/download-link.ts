// The download limit of one engine process, shared by every download it runs: all the objects
// of a `ferry get` (its engine lives as long as the command) or of a sync, and in the app all
// downloads together, as aws-cli's max_bandwidth and rclone's --bwlimit hold one total. Uploads
// keep their own total (../bandwidth.ts): the two directions do not share one.
//
// Each file (the ranges of a large object together, a small object) waits its turn for slices
// of the limit (src/shared/fair-share.ts), so a small file is never queued behind megabytes that
// large ranges asked for first.
import { FairShare } from '../../../shared/fair-share'

/** The timer the link runs on; a test passes its own. */
export interface LinkClock {
  now(): number
  /** Calls `fn` after `ms`; the result cancels it. */
  after(ms: number, fn: () => void): () => void
}

const realClock: LinkClock = {
  now: () => performance.now(),
  after: (ms, fn) => {
    const timer = setTimeout(fn, ms)
    return () => clearTimeout(timer)
  },
}

interface Taker {
  resolve(): void
}

export class FairLink {
  readonly #share = new FairShare<Taker>()
  #cancelTimer: (() => void) | undefined

  constructor(private readonly clock: LinkClock = realClock) {}

  /**
   * Resolves once `bytes` were granted at `bytesPerSecond` (0 or absent: no limit, at once),
   * in the turns of `flow` (the ranges of one object share one; by default its own). An abort ends the wait with the signal's reason, as sleep() does, and takes the waiter out
   * of the turns: nothing more is granted to it, and the others' turns come sooner.
   */
  take(
    bytes: number,
    bytesPerSecond: number | undefined,
    signal?: AbortSignal,
    flow?: object,
  ): Promise<void> {
    if (!bytesPerSecond || bytesPerSecond <= 0 || bytes <= 0) return Promise.resolve()
    if (signal?.aborted) return Promise.reject(signal.reason)
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        if (!this.#share.remove(taker)) return
        reject(signal?.reason)
        this.#pump()
      }
      const taker: Taker = {
        resolve: () => {
          signal?.removeEventListener('abort', onAbort)
          resolve()
        },
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.#share.add(taker, bytes, bytesPerSecond, flow ?? taker)
      this.#pump()
    })
  }

  /** Grants every slice that is due, then sleeps until the next one is. */
  #pump(): void {
    this.#cancelTimer?.()
    this.#cancelTimer = undefined
    for (;;) {
      const step = this.#share.step(this.clock.now())
      if (step.kind === 'idle') return
      if (step.kind === 'wait') {
        this.#cancelTimer = this.clock.after(step.ms, () => {
          this.#cancelTimer = undefined
          this.#pump()
        })
        return
      }
      if (step.finished) step.token.resolve()
    }
  }
}

/** The engine's one download link. */
export const downloadLink = new FairLink()
