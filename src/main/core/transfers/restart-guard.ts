// How often main restarts a crashed engine before it gives up: a crash loop (a bad build, a
// file that kills the engine each time it is read) must end in a clear failure, not a storm.

export interface RestartLimit {
  max: number
  windowMs: number
}

export const DEFAULT_RESTART_LIMIT: RestartLimit = { max: 3, windowMs: 60_000 }

export class RestartGuard {
  readonly #times: number[] = []

  constructor(
    private readonly limit: RestartLimit = DEFAULT_RESTART_LIMIT,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a crash; true while restarting is still allowed. */
  crashed(): boolean {
    const t = this.now()
    this.#times.push(t)
    while (this.#times.length > 0 && this.#times[0]! <= t - this.limit.windowMs) this.#times.shift()
    return this.#times.length <= this.limit.max
  }
}
