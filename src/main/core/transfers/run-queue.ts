// The one queue every transfer waits in, uploads, URL streams and downloads alike, and the
// rules for when the next may start: a number of files at once, and a memory budget.

export const DEFAULT_MAX_ACTIVE_FILES = 16
/** More files at once gain nothing once the CPU or the link is busy, and cost sockets. */
export const MAX_ACTIVE_FILES = 256
/** Downloads running at once; more wait their turn, so a large selection does not open hundreds of sockets. */
export const MAX_ACTIVE_DOWNLOADS = 3

export type QueueItem = { id: string; kind: 'transfer' } | { id: string; kind: 'download' }

/** What already runs. */
export interface Load {
  files: number
  /** Bytes of part buffers the running uploads may hold (concurrency x part size each). */
  reserved: number
  downloads: number
}

export interface Limits {
  maxActiveFiles: number
  maxDownloads: number
}

/** What the queue needs to know of a waiting upload or stream. */
export interface UploadDemand {
  /** Its queued journal is on disk; one still being written may not start. */
  journaled: boolean
  reservation: number
  budget: number
}

/**
 * Whether an upload may start now. Memory: many small files run side by side; a large one
 * waits until it fits the budget (concurrency x part size), or runs alone when nothing else does.
 */
export function uploadFits(demand: UploadDemand, load: Load, limits: Limits): boolean {
  if (!demand.journaled) return false
  if (load.files >= limits.maxActiveFiles) return false
  return load.files === 0 || load.reserved + demand.reservation <= demand.budget
}

export const downloadFits = (load: Load, limits: Limits): boolean => load.downloads < limits.maxDownloads

/** What the scheduler says of an item at the head of its kind. */
export type Verdict = 'start' | 'wait' | 'gone'

export class RunQueue {
  readonly #items: QueueItem[] = []
  /** Items of each kind: a scan stops once every kind present must wait. */
  readonly #count: Record<QueueItem['kind'], number> = { transfer: 0, download: 0 }

  get length(): number {
    return this.#items.length
  }

  ids(): string[] {
    return this.#items.map((i) => i.id)
  }

  has(id: string): boolean {
    return this.#items.some((i) => i.id === id)
  }

  push(item: QueueItem): void {
    this.#items.push(item)
    this.#count[item.kind]++
  }

  remove(id: string): boolean {
    const i = this.#items.findIndex((item) => item.id === id)
    if (i < 0) return false
    this.#take(i)
    return true
  }

  /**
   * Starts what may start, in order. An item that must wait holds back those of its kind behind
   * it (first come, first served: a large upload is not overtaken forever by small ones), but
   * not those of the other kind: a download never waits for an upload's memory. The scan ends
   * as soon as every kind left must wait, so a long queue costs little per call.
   */
  drain(verdict: (item: QueueItem) => Verdict, start: (item: QueueItem) => void): void {
    const held = new Set<QueueItem['kind']>()
    const open = (kind: QueueItem['kind']) => this.#count[kind] > 0 && !held.has(kind)
    let i = 0
    while (i < this.#items.length && (open('transfer') || open('download'))) {
      const item = this.#items[i]!
      if (held.has(item.kind)) {
        i++
        continue
      }
      const v = verdict(item)
      if (v === 'wait') {
        held.add(item.kind)
        i++
        continue
      }
      this.#take(i)
      if (v === 'start') start(item)
    }
  }

  #take(i: number): void {
    const [item] = this.#items.splice(i, 1)
    if (item) this.#count[item.kind]--
  }
}
