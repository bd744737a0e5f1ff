// A bandwidth limit shared by every transfer of one direction in this engine process (see
// bandwidth.ts for the two the engine holds). Each file (the parts of one upload, the ranges
// of one download, a small object) waits its turn for slices of the limit
// (src/shared/fair-share.ts), so a small file is never queued behind megabytes that a large one
// asked for first; and the limit can change while they wait.
import { FairShare } from '../../shared/fair-share'

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
   * The limit for every take from now on, in place of the rate each one carries (0: no limit;
   * undefined: back to their own). Waiting takes follow it from their next slice; no limit
   * lets them all through at once.
   */
  setRate(bytesPerSecond: number | undefined): void {
    this.#share.setRate(
      bytesPerSecond === undefined ? undefined : bytesPerSecond > 0 ? bytesPerSecond : Infinity,
    )
    this.#pump()
  }

  /**
   * Resolves once `bytes` were granted at the link's rate, or, while setRate gave none, at
   * `bytesPerSecond` (0 or absent: no limit), in the turns of `flow` (the parts or ranges of one
   * file share one; by default its own). Without a limit it resolves at once. An abort ends
   * the wait with the signal's reason, as sleep() does, and takes the waiter out of the turns:
   * nothing more is granted to it, and the others' turns come sooner.
   */
  take(
    bytes: number,
    bytesPerSecond: number | undefined,
    signal?: AbortSignal,
    flow?: object,
  ): Promise<void> {
    const own = bytesPerSecond && bytesPerSecond > 0 ? bytesPerSecond : Infinity
    if ((this.#share.rate ?? own) === Infinity || bytes <= 0) return Promise.resolve()
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
      this.#share.add(taker, bytes, own, flow ?? taker)
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
