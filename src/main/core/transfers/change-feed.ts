// Transfer changes reach listeners in batches: a folder of 10,000 small files changes state
// thousands of times a second, and the renderer (or the CLI's output) wants the latest summary
// of each changed transfer once per interval, not every step.
import type { TransferSummary } from '../../../shared/domain/transfer'

export type ChangeListener = (batch: TransferSummary[]) => void

export const DEFAULT_CHANGE_INTERVAL_MS = 100

export class ChangeFeed {
  readonly #listeners = new Set<ChangeListener>()
  readonly #changed = new Set<string>()
  #timer: ReturnType<typeof setTimeout> | undefined

  constructor(
    /** The summary as it is now: a batch carries copies made when it is sent. */
    private readonly current: (id: string) => TransferSummary | undefined,
    private readonly intervalMs = DEFAULT_CHANGE_INTERVAL_MS,
  ) {}

  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  touch(summary: TransferSummary): void {
    summary.updatedAt = new Date().toISOString()
    if (this.#listeners.size === 0) return
    this.#changed.add(summary.id)
    if (this.#timer) return
    this.#timer = setTimeout(() => this.flush(), this.intervalMs)
    this.#timer.unref?.()
  }

  flush(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
    if (this.#changed.size === 0) return
    const batch: TransferSummary[] = []
    for (const id of this.#changed) {
      const summary = this.current(id)
      if (summary) batch.push({ ...summary })
    }
    this.#changed.clear()
    for (const listener of this.#listeners) listener(batch)
  }
}
