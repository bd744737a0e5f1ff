// Transfers as their journals on disk describe them, so the CLI lists the app's transfers
// and the app lists the CLI's. Parsed journals are cached by file size and mtime.
import { existsSync, readFileSync } from 'node:fs'
import { readFile, rm, stat } from 'node:fs/promises'
import type { TransferSummary } from '../../../shared/domain/transfer'
import { FerryError, toErrorValue, type FerryErrorValue } from '../../../shared/errors'
import { journaledBytes, journalCorrupt, parseJournal, type JournalView } from '../../engine/journal'
import { journalIds } from '../../engine/journal-reader'
import { journalPath } from '../../engine/journal-writer'
import { isRunning } from '../../engine/process-alive'

const INTERRUPTED: FerryErrorValue = {
  code: 'internal',
  message: 'the transfer stopped without finishing (its process ended)',
  fix: 'Resume it: finished parts are checked and reused.',
  retryable: true,
}

export function summaryFromJournal(view: JournalView, running: boolean): TransferSummary {
  const h = view.header
  const f = view.final
  let reused = 0
  for (const p of view.parts.values()) if (p.reused) reused++
  const summary: TransferSummary = {
    id: h.transferId,
    direction: 'upload',
    source: h.source,
    bucket: h.bucket,
    key: h.key,
    connectionId: h.connection.connectionId ?? '',
    size: h.size,
    bytesDone: f?.status === 'done' ? h.size : Math.min(h.size, journaledBytes(view)),
    state: 'failed',
    speed: 0,
    partsTotal: h.partCount,
    partsDone: f?.status === 'done' ? h.partCount : view.parts.size,
    partsReused: f?.partsReused ?? reused,
    createdAt: view.createdAt,
    updatedAt: view.updatedAt,
  }
  if (f) {
    summary.state = f.status
    if (f.error) summary.error = f.error
    if (f.verification) summary.verification = f.verification
    if (f.etag) summary.etag = f.etag
  } else if (view.lastState?.state === 'paused') {
    summary.state = 'paused'
  } else if (view.lastState?.state === 'failed') {
    // Before `running`: a long-lived host (the daemon, the app) keeps its engine alive after
    // a run fails, so a live writer alone does not mean the transfer still moves. A later
    // run appends a 'run' record, which clears lastState.
    summary.state = 'failed'
    summary.error = view.lastState.error ?? INTERRUPTED
  } else if (running) {
    summary.state = h.kind === 'queued' ? 'queued' : 'uploading'
  } else {
    summary.state = 'failed'
    summary.error = view.lastState?.error ?? INTERRUPTED
  }
  return summary
}

/** A damaged journal still shows up, with the error that says how to fix it. */
function corruptSummary(id: string, error: FerryErrorValue, updatedAt: string): TransferSummary {
  return {
    id,
    direction: 'upload',
    source: '',
    bucket: '',
    key: '',
    connectionId: '',
    size: 0,
    bytesDone: 0,
    state: 'failed',
    speed: 0,
    partsTotal: 0,
    partsDone: 0,
    partsReused: 0,
    createdAt: updatedAt,
    updatedAt,
    error,
  }
}

interface CachedJournal {
  size: number
  mtimeMs: number
  view?: JournalView
  error?: FerryErrorValue
}

export class JournalCatalog {
  readonly #cache = new Map<string, CachedJournal>()

  constructor(readonly journalDir: string) {}

  /** Every journaled transfer, oldest first. */
  async summaries(): Promise<TransferSummary[]> {
    const out: TransferSummary[] = []
    for (const [id, cached, mtimeMs] of await this.#load()) {
      const updatedAt = new Date(mtimeMs).toISOString()
      if (cached.view) {
        const running = !cached.view.final && isRunning(cached.view.writer)
        out.push(summaryFromJournal(cached.view, running))
      } else out.push(corruptSummary(id, cached.error!, updatedAt))
    }
    return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt))
  }

  /** Journals without a final record whose process is gone: what `ferry resume --all` picks up. */
  async resumable(): Promise<string[]> {
    const ids: string[] = []
    for (const [id, cached] of await this.#load()) {
      if (cached.view && !cached.view.final && !isRunning(cached.view.writer)) ids.push(id)
    }
    return ids
  }

  /** Deletes the journals of finished transfers (done or cancelled); returns their ids. */
  async clearFinished(): Promise<string[]> {
    const removed: string[] = []
    for (const [id, cached] of await this.#load()) {
      const status = cached.view?.final?.status
      if (status === 'done' || status === 'cancelled') {
        await rm(journalPath(this.journalDir, id), { force: true })
        this.#cache.delete(id)
        removed.push(id)
      }
    }
    return removed
  }

  /** Part sizes earlier transfers used for this object: the first guesses when verifying it. */
  async partSizesFor(bucket: string, key: string): Promise<number[]> {
    const sizes: number[] = []
    for (const [, cached] of await this.#load()) {
      const h = cached.view?.header
      if (h && h.bucket === bucket && h.key === key && h.kind === 'multipart') sizes.push(h.partSize)
    }
    return sizes.reverse()
  }

  async #load(): Promise<[string, CachedJournal, number][]> {
    const out: [string, CachedJournal, number][] = []
    for (const id of await journalIds(this.journalDir)) {
      const path = journalPath(this.journalDir, id)
      let s
      try {
        s = await stat(path)
      } catch {
        continue
      }
      let cached = this.#cache.get(id)
      if (!cached || cached.size !== s.size || cached.mtimeMs !== s.mtimeMs) {
        cached = { size: s.size, mtimeMs: s.mtimeMs } as CachedJournal
        try {
          cached.view = parseJournal(await readFile(path, 'utf8'), path)
        } catch (e) {
          cached.error = e instanceof FerryError ? e.toValue() : toErrorValue(journalCorrupt(path, String(e)))
        }
        this.#cache.set(id, cached)
      }
      out.push([id, cached, s.mtimeMs])
    }
    return out
  }

  /** Reads one journal now (throws not-found or journal-corrupt). Sync: callers validate before replying. */
  read(id: string): JournalView {
    const path = journalPath(this.journalDir, id)
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new FerryError({
          code: 'not-found',
          message: `no transfer ${id} in ${this.journalDir}`,
          fix: 'Run ferry transfers to see the transfers there (FERRY_STATE_DIR chooses the folder).',
        })
      }
      throw e
    }
    return parseJournal(text, path)
  }

  exists(id: string): boolean {
    return existsSync(journalPath(this.journalDir, id))
  }
}
