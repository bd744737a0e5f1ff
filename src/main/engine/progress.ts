// Progress counts bytes the server acknowledged (a part counts when its UploadPart returned,
// or when a resume proved it already there), never bytes read or buffered. Reports are
// throttled per transfer to about ten a second: the first change goes out at once, later
// ones are coalesced into one report at the end of the interval, and flush() sends the last.
import type { TransferProgress } from '../../shared/engine-protocol'

export const PROGRESS_INTERVAL_MS = 100

export class ProgressTracker {
  #state: TransferProgress
  #lastEmit = -Infinity
  #timer: ReturnType<typeof setTimeout> | undefined
  #dirty = false

  constructor(
    init: Omit<TransferProgress, 'bytesDone' | 'partsDone' | 'partsReused'>,
    private readonly emit: (progress: TransferProgress) => void,
    private readonly intervalMs = PROGRESS_INTERVAL_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.#state = { ...init, bytesDone: 0, partsDone: 0, partsReused: 0 }
  }

  get current(): TransferProgress {
    return { ...this.#state }
  }

  partDone(bytes: number, reused: boolean): void {
    this.#state.bytesDone += bytes
    this.#state.partsDone += 1
    if (reused) this.#state.partsReused += 1
    this.#changed()
  }

  /** A new plan (the transfer started over): counts restart from zero, reported with the next change. */
  reset(init: Omit<TransferProgress, 'bytesDone' | 'partsDone' | 'partsReused' | 'transferId'>): void {
    this.#state = { ...this.#state, ...init, bytesDone: 0, partsDone: 0, partsReused: 0 }
    this.#dirty = true
  }

  /** Sends the latest state now if it has not been sent (at the end of a transfer). */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
    if (this.#dirty) this.#send()
  }

  /** Sends the current state now, changed or not (the first report of a transfer). */
  announce(): void {
    this.#dirty = true
    this.flush()
  }

  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
  }

  #changed(): void {
    this.#dirty = true
    if (this.#timer) return
    const wait = this.#lastEmit + this.intervalMs - this.now()
    if (wait <= 0) this.#send()
    else
      this.#timer = setTimeout(() => {
        this.#timer = undefined
        this.#send()
      }, wait)
  }

  #send(): void {
    this.#dirty = false
    this.#lastEmit = this.now()
    this.emit({ ...this.#state })
  }
}
