// How one bandwidth limit is shared by many streams at once: the waiters take turns, each
// granted at most one slice per turn (round robin, as deficit round robin does with packets that
// can be cut anywhere), and the slices are spaced on one timetable so all of them together
// average the limit. A first-come timetable let a large range reserve a megabyte ahead of a
// small file that needed a few kilobytes, so small files waited behind every large one; here a
// waiter waits at most one turn of the others' slices.
//
// The turns go by flow (a file: the ranges of one large object are one flow, each small object
// its own), and within a flow by waiter: a small file then waits one slice per file running,
// not one per range, and a file fetched with four ranges gets no more than one fetched with one.
//
// The rate can change while waiters wait (the app's bandwidth setting, changed while files
// run): `setRate` replaces every waiter's own rate from the next slice on, so a slice already
// granted keeps the time it took at the old rate (at most one slice, a second at the slowest
// limit the settings accept). No limit grants every waiter all it asked for at once.
//
// Pure: the caller says what time it is (milliseconds on any monotonic clock) and runs the
// timers; see src/main/engine/fair-link.ts.

/** The most granted to one waiter per turn: small enough that a turn of 64 files at 8 MiB/s is 0.5 s. */
export const FAIR_SLICE_BYTES = 64 * 1024

/**
 * How far a slice may start behind the clock: timers fire late (a millisecond or more), and
 * without this credit every late timer would be rate lost. It is also the largest burst after
 * an idle spell, so it stays short: an idle link otherwise earns nothing.
 */
export const FAIR_CATCH_UP_MS = 20

interface Waiter<T> {
  readonly token: T
  left: number
  /** Its own rate, used while the share has none; Infinity: no limit of its own. */
  readonly bytesPerSecond: number
}

interface Flow<T> {
  readonly key: unknown
  /** In turn order, as the flows are. */
  readonly waiters: Waiter<T>[]
}

export type FairStep<T> =
  /** Nobody waits. */
  | { kind: 'idle' }
  /** The next slice may go in `ms`. */
  | { kind: 'wait'; ms: number }
  /** `token` was granted `bytes`; `finished` when that was all it asked for. */
  | { kind: 'granted'; token: T; bytes: number; finished: boolean }

export class FairShare<T> {
  /** In turn order: the first is served next, then goes to the back while it wants more. */
  readonly #flows: Flow<T>[] = []
  readonly #flowByKey = new Map<unknown, Flow<T>>()
  readonly #flowOf = new Map<T, Flow<T>>()
  /** When the timetable is free for the next slice; -Infinity: never used. */
  #freeAt = Number.NEGATIVE_INFINITY
  /** The rate for everyone, set with setRate; undefined: each waiter's own. */
  #rate: number | undefined

  constructor(private readonly sliceBytes = FAIR_SLICE_BYTES) {}

  get waiting(): number {
    return this.#flowOf.size
  }

  /** The rate every slice goes at from now on, whoever waits; undefined: each waiter's own. */
  get rate(): number | undefined {
    return this.#rate
  }

  /**
   * Sets the rate for everyone (Infinity: no limit) or gives each waiter back its own
   * (undefined). It applies from the next slice: call step() again after it.
   */
  setRate(bytesPerSecond: number | undefined): void {
    if (bytesPerSecond !== undefined && !(bytesPerSecond > 0)) throw new RangeError('a rate must be positive')
    this.#rate = bytesPerSecond
  }

  /**
   * `token` waits for `bytes` at `bytesPerSecond` (each slice takes the link for its bytes at its
   * waiter's rate, or the share's when setRate gave one; Infinity: no limit), in the turns of
   * `flow` (by default its own).
   */
  add(token: T, bytes: number, bytesPerSecond: number, flow: unknown = token): void {
    if (!(bytes > 0) || !(bytesPerSecond > 0))
      throw new RangeError('bytes and bytesPerSecond must be positive')
    if (this.#flowOf.has(token)) throw new RangeError('this waiter already waits')
    let f = this.#flowByKey.get(flow)
    if (!f) {
      f = { key: flow, waiters: [] }
      this.#flowByKey.set(flow, f)
      this.#flows.push(f)
    }
    f.waiters.push({ token, left: bytes, bytesPerSecond })
    this.#flowOf.set(token, f)
  }

  /** Takes `token` out of the turns (a wait given up): what it was granted stays spent. */
  remove(token: T): boolean {
    const flow = this.#flowOf.get(token)
    if (!flow) return false
    this.#flowOf.delete(token)
    flow.waiters.splice(
      flow.waiters.findIndex((w) => w.token === token),
      1,
    )
    if (flow.waiters.length === 0) {
      this.#flows.splice(this.#flows.indexOf(flow), 1)
      this.#flowByKey.delete(flow.key)
    }
    return true
  }

  /** What happens next at `now`: call again after a grant, and after a wait has passed. */
  step(now: number): FairStep<T> {
    const flow = this.#flows[0]
    const next = flow?.waiters[0]
    if (!flow || !next) return { kind: 'idle' }
    const rate = this.#rate ?? next.bytesPerSecond
    let bytes = next.left
    if (rate !== Number.POSITIVE_INFINITY) {
      // Under a limit the timetable decides; without one the waiter has all it asked for now,
      // whatever slices granted earlier still hold of the link.
      const start = Math.max(this.#freeAt, now - FAIR_CATCH_UP_MS)
      if (start > now) return { kind: 'wait', ms: start - now }
      bytes = Math.min(this.sliceBytes, next.left)
      this.#freeAt = start + (bytes / rate) * 1000
    }
    next.left -= bytes
    flow.waiters.shift()
    const finished = next.left === 0
    if (finished) this.#flowOf.delete(next.token)
    else flow.waiters.push(next)
    this.#flows.shift()
    if (flow.waiters.length > 0) this.#flows.push(flow)
    else this.#flowByKey.delete(flow.key)
    return { kind: 'granted', token: next.token, bytes, finished }
  }
}
