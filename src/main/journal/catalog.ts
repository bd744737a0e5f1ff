// Transfers as their journals on disk describe them, so the CLI lists the app's transfers
// and the app lists the CLI's. Parsed journals are cached by file size and mtime.
import { existsSync, readFileSync } from 'node:fs'
import { readdir, readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { TransferSummary } from '../../shared/domain/transfer'
import { FerryError, toErrorValue, type FerryErrorValue } from '../../shared/errors'
import { JOURNAL_SUFFIX, journaledBytes, journalCorrupt, parseJournal, type JournalView } from './journal'
import { BATCH_SUFFIX, batchedView, batchOf, forgetBatch, readBatch } from './journal-batch'
import { noTransfer } from './transfer-errors'
import { journalPath } from './journal-writer'
import { isRunning } from './process-alive'
import { CANCEL_MARK_SUFFIX } from './cancel-marks'
import { readVerification } from '../../shared/verification'

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
    const verification = readVerification(f.verification)
    if (verification) summary.verification = verification
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

/** A transfer the person cancelled whose upload could not be aborted then (cancel-marks.ts). */
function cancelUnfinished(summary: TransferSummary): FerryErrorValue {
  return {
    code: 'internal',
    message: `the cancel of s3://${summary.bucket}/${summary.key} did not finish`,
    fix: 'Cancel it again: Ferry keeps its journal, with the multipart upload id, until the upload is aborted.',
  }
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

/** A transfer as the folder holds it: in a journal of its own, or in a batch (journal-batch.ts). */
interface Found {
  id: string
  cached: CachedJournal
  mtimeMs: number
  /** The batch file that holds it. */
  batch?: string
  /** A cancel the person asked for did not finish (cancel-marks.ts). */
  cancelPending?: true
}

const FINISHED: ReadonlySet<string> = new Set(['done', 'cancelled'])

export class JournalCatalog {
  readonly #cache = new Map<string, CachedJournal>()

  constructor(readonly journalDir: string) {}

  /** Every journaled transfer, oldest first. */
  async summaries(): Promise<TransferSummary[]> {
    const out: TransferSummary[] = []
    for (const { id, cached, mtimeMs, cancelPending } of await this.#load()) {
      const updatedAt = new Date(mtimeMs).toISOString()
      if (cached.view) {
        const running = !cached.view.final && isRunning(cached.view.writer)
        const summary = summaryFromJournal(cached.view, running)
        if (!cached.view.final && !running && cancelPending) {
          summary.state = 'failed'
          summary.error = cancelUnfinished(summary)
        }
        out.push(summary)
      } else out.push(corruptSummary(id, cached.error!, updatedAt))
    }
    return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt))
  }

  /**
   * Journals without a final record whose process is gone, and not cancelled by the person:
   * what `ferry resume --all` and the app's start pick up.
   */
  resumable(): Promise<string[]> {
    return this.#unfinished(false)
  }

  /** Journals whose cancel did not finish (cancel-marks.ts): to cancel again, never to resume. */
  cancelsPending(): Promise<string[]> {
    return this.#unfinished(true)
  }

  /**
   * Journals that did not finish (none or a failed final record) and that no live process
   * writes, cancel-pending or not: what `ferry cancel --all` cancels.
   */
  async cancellable(): Promise<string[]> {
    const ids: string[] = []
    for (const { id, cached } of await this.#load()) {
      const view = cached.view
      const open = view && (view.final ? view.final.status === 'failed' : !isRunning(view.writer))
      if (open) ids.push(id)
    }
    return ids
  }

  async #unfinished(cancelled: boolean): Promise<string[]> {
    const ids: string[] = []
    for (const { id, cached, cancelPending } of await this.#load()) {
      const open = cached.view && !cached.view.final && !isRunning(cached.view.writer)
      if (open && (cancelPending === true) === cancelled) ids.push(id)
    }
    return ids
  }

  /**
   * Deletes the journals of finished transfers (done or cancelled); returns their ids. A batch
   * goes once every transfer in it has finished: nothing writes to it after that.
   */
  async clearFinished(): Promise<string[]> {
    const removed: string[] = []
    const batches = new Map<string, { ids: string[]; allFinished: boolean }>()
    // A batch whose every file was forgotten (cancelled before it started) lists no transfer:
    // known here, it goes too. One with no record at all is being written by its queuer: kept.
    for (const path of await this.#batchPaths())
      if (readBatch(path)?.forgotten.size) batches.set(path, { ids: [], allFinished: true })
    for (const { id, cached, batch } of await this.#load()) {
      const finished = FINISHED.has(cached.view?.final?.status ?? '')
      if (batch) {
        let members = batches.get(batch)
        if (!members) batches.set(batch, (members = { ids: [], allFinished: true }))
        members.ids.push(id)
        members.allFinished &&= finished
      } else if (finished) {
        await rm(journalPath(this.journalDir, id), { force: true })
        this.#cache.delete(id)
        removed.push(id)
      }
    }
    for (const [path, { ids, allFinished }] of batches) {
      if (!allFinished) continue
      await rm(path, { force: true })
      forgetBatch(path)
      removed.push(...ids)
    }
    return removed
  }

  /** Part sizes earlier transfers used for this object: the first guesses when verifying it. */
  async partSizesFor(bucket: string, key: string): Promise<number[]> {
    const sizes: number[] = []
    for (const { cached } of await this.#load()) {
      const h = cached.view?.header
      if (h && h.bucket === bucket && h.key === key && h.kind === 'multipart') sizes.push(h.partSize)
    }
    return sizes.reverse()
  }

  async #names(): Promise<string[]> {
    try {
      return await readdir(this.journalDir)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw e
    }
  }

  async #batchPaths(): Promise<string[]> {
    return (await this.#names()).filter((n) => n.endsWith(BATCH_SUFFIX)).map((n) => join(this.journalDir, n))
  }

  async #load(): Promise<Found[]> {
    const out: Found[] = []
    const names = await this.#names()
    // The marks come with the folder's listing: no look per journal.
    const marked = new Set(
      names.filter((n) => n.endsWith(CANCEL_MARK_SUFFIX)).map((n) => n.slice(0, -CANCEL_MARK_SUFFIX.length)),
    )
    for (const name of names) {
      if (!name.endsWith(JOURNAL_SUFFIX)) continue
      const id = name.slice(0, -JOURNAL_SUFFIX.length)
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
      out.push({
        id,
        cached,
        mtimeMs: s.mtimeMs,
        ...(marked.has(id) ? { cancelPending: true as const } : {}),
      })
    }
    for (const name of names) {
      if (!name.endsWith(BATCH_SUFFIX)) continue
      const path = join(this.journalDir, name)
      let batch
      try {
        batch = readBatch(path)
      } catch {
        continue // Unreadable now (deleted meanwhile): the next look finds it again, or not.
      }
      for (const [id, view] of batch?.views ?? []) {
        const mtimeMs = Date.parse(view.updatedAt)
        const mark = marked.has(id) ? { cancelPending: true as const } : {}
        out.push({ id, cached: { size: 0, mtimeMs, view }, mtimeMs, batch: path, ...mark })
      }
    }
    return out
  }

  /** Reads one journal now (throws not-found or journal-corrupt). Sync: callers validate before replying. */
  read(id: string): JournalView {
    if (batchOf(id)) {
      const view = batchedView(this.journalDir, id)
      if (!view) throw noTransfer(this.journalDir, id)
      return view
    }
    const path = journalPath(this.journalDir, id)
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw noTransfer(this.journalDir, id)
      throw e
    }
    return parseJournal(text, path)
  }

  exists(id: string): boolean {
    if (batchOf(id)) return batchedView(this.journalDir, id) !== undefined
    return existsSync(journalPath(this.journalDir, id))
  }
}
