// Downloads the app starts from the window (objects, folders, versions, a sync's downloads). This
// side keeps what the app shows of them (their summaries, where each lands); each is a file of a
// download set (app-download-sets.ts) or of a sync, and the transfer scheduler queues it with
// the uploads and runs it in the engine process (parallel ranged GETs, a sidecar journal, the
// ETag checked on disk), so neither its sockets nor the MD5 of what arrives weigh on main's
// thread. They show in the Transfers panel as TransferSummary values with direction 'download'.
import { queuedSummary } from '../core/transfers/queued-summary'
import { access } from 'node:fs/promises'
import { extname, join } from 'node:path'
import type { TransferState, TransferSummary } from '../../shared/domain/transfer'
import { FerryError, toErrorValue, type FerryErrorValue } from '../../shared/errors'
import { FINISHED_STATES } from '../../shared/transfer-groups'
import { ChangeFeed, type ChangeListener } from '../core/transfers/change-feed'
import { SpeedMeter } from '../core/transfers/speed-meter'
import { applyProgress } from '../core/transfers/transfer-entry'
import { newTransferId } from '../core/transfers/transfer-ids'
import type { DownloadJob, DownloadOutcome } from '../../shared/engine-protocol'
import type { DownloadQueue } from '../core/transfers/download-tree'
import { downloadStopped } from '../core/transfers/engine-downloads'
import type { EngineDownload } from '../core/transfers/transfer-manager'
import { partialPathOf, removeDownloadFiles } from '../journal/download-journal'

/** What runs a download: the transfer scheduler, which queues it and runs it in its engine process. */
export interface DownloadRunner {
  run(download: EngineDownload): Promise<DownloadOutcome>
  /** Stops it, queued or running; the run then rejects, and the partial file stays for a resume. */
  stop(transferId: string): void
}

interface Entry {
  summary: TransferSummary
  /** The current run (queued in the scheduler or under way), so closing can wait for its journal to be written. */
  run?: Promise<void>
  /** Set while a pause or cancel is on its way, so the run's end is read correctly. */
  stopping?: 'paused' | 'cancelled'
  speed: SpeedMeter
  /** Set for a file a tree download or sync queued: the job it asked for and who waits for the end. */
  set?: SetMember
  /** A key the plan refused (it cannot be a file here): shown failed, never run. */
  refused?: FerryErrorValue
  /** A set a quit cut short, waiting for the person (resume at start off): one row for it all. */
  held?: HeldSet
}

/** What Resume and Cancel do to a held set's row. */
export interface HeldSet {
  /** Runs the set (its files become rows of their own; this row goes). */
  resume(): void
  /** Deletes its partial files and its journal; the files it finished stay. */
  cancel(): Promise<void>
}

interface SetMember {
  request: EngineDownload
  resolve(outcome: DownloadOutcome): void
  reject(error: unknown): void
  /** The set itself stopped the file (a full disk, a stop): its waiter hears so, not a pause. */
  stoppedBySet?: boolean
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  )

/** "report.pdf", then "report (1).pdf", ...: never over a file or another download's target. */
export async function freeTarget(folder: string, name: string, taken: Set<string>): Promise<string> {
  const ext = extname(name)
  const stem = ext ? name.slice(0, -ext.length) : name
  for (let n = 0; ; n++) {
    const candidate = join(folder, n === 0 ? name : `${stem} (${n})${ext}`)
    if (taken.has(candidate)) continue
    if (!(await exists(candidate)) && !(await exists(partialPathOf(candidate)))) return candidate
  }
}

export class DownloadCenter {
  readonly #entries = new Map<string, Entry>()
  readonly #feed = new ChangeFeed((id) => this.#entries.get(id)?.summary)
  readonly #removed = new Set<(ids: string[]) => void>()

  constructor(
    private readonly runner: DownloadRunner,
    /** The settings' part size, concurrency and bandwidth limit, read as each download starts. */
    readonly tuning: () => Pick<DownloadJob, 'partSize' | 'concurrency' | 'maxBytesPerSecond'> = () => ({}),
  ) {}

  has(id: string): boolean {
    return this.#entries.has(id)
  }

  list(): TransferSummary[] {
    return [...this.#entries.values()].map((e) => ({ ...e.summary }))
  }

  onChanged(listener: ChangeListener): () => void {
    return this.#feed.subscribe(listener)
  }

  /** Rows taken off the list by main (a held set's row once it runs as files). */
  onRemoved(listener: (ids: string[]) => void): () => void {
    this.#removed.add(listener)
    return () => void this.#removed.delete(listener)
  }

  /**
   * A set a quit cut short that waits for the person (resume at start off): one paused row,
   * where `key` names what it fetches (a prefix, or the object) and `target` the folder or file.
   */
  hold(
    row: {
      connectionId: string
      bucket: string
      key: string
      target: string
      size: number
      bytesDone: number
    },
    why: FerryErrorValue,
    held: HeldSet,
  ): void {
    const summary = queuedSummary(
      {
        id: newTransferId(),
        direction: 'download',
        source: row.target,
        bucket: row.bucket,
        key: row.key,
        connectionId: row.connectionId,
        size: row.size,
      },
      new Date().toISOString(),
    )
    summary.bytesDone = row.bytesDone
    summary.error = why
    const entry: Entry = { summary, speed: new SpeedMeter(), held }
    this.#entries.set(summary.id, entry)
    this.#set(entry, 'paused')
  }

  /**
   * The queue a tree download (download-tree.ts) or a sync's downloads run through: each file
   * it queues is a row here, with its own pause, resume and cancel. A paused file keeps the
   * set waiting until it is resumed; a cancelled or failed one is the set's failure.
   */
  queue(connectionId: string, onQueued?: (summary: TransferSummary) => void): DownloadQueue {
    const byRun = new Map<string, Entry>()
    return {
      download: (request) =>
        new Promise<DownloadOutcome>((resolve, reject) => {
          const { job } = request
          const summary = queuedSummary(
            {
              id: newTransferId(),
              direction: 'download',
              source: job.target,
              bucket: job.bucket,
              key: job.key,
              connectionId,
              size: 0,
            },
            new Date().toISOString(),
          )
          const entry: Entry = { summary, speed: new SpeedMeter(), set: { request, resolve, reject } }
          byRun.set(request.transferId, entry)
          this.#entries.set(summary.id, entry)
          onQueued?.({ ...summary })
          this.#start(entry)
        }).finally(() => byRun.delete(request.transferId)),
      stopDownload: (transferId) => {
        const entry = byRun.get(transferId)
        if (!entry?.set) return
        entry.set.stoppedBySet = true
        if (entry.run) this.pause(entry.summary.id)
        else entry.set.reject(downloadStopped(entry.summary.key))
      },
    }
  }

  /** A key a tree download's plan refused: a failed row naming the key and the fix. */
  refuse(request: { connectionId: string; bucket: string; key: string; error: FerryErrorValue }): void {
    const summary = queuedSummary(
      {
        id: newTransferId(),
        direction: 'download',
        source: '',
        bucket: request.bucket,
        key: request.key,
        connectionId: request.connectionId,
        size: 0,
      },
      new Date().toISOString(),
    )
    summary.error = request.error
    const entry: Entry = { summary, speed: new SpeedMeter(), refused: request.error }
    this.#entries.set(summary.id, entry)
    this.#set(entry, 'failed')
  }

  /** The files this session's downloads write, so that a new one picks another name (freeTarget). */
  targetsInUse(): Set<string> {
    return new Set([...this.#entries.values()].map((e) => e.summary.source))
  }

  pause(id: string): void {
    const entry = this.#get(id)
    if (!entry.run) return
    entry.stopping = 'paused'
    this.runner.stop(id)
  }

  /** Resumes a paused download, or retries a failed one: finished ranges on disk are kept. */
  resume(id: string): void {
    const entry = this.#get(id)
    if (entry.refused) throw new FerryError(entry.refused)
    if (entry.held) {
      this.#entries.delete(id)
      for (const listener of this.#removed) listener([id])
      return entry.held.resume()
    }
    if (entry.run) return
    if (entry.summary.state === 'done' || entry.summary.state === 'cancelled') return
    delete entry.summary.error
    this.#set(entry, 'queued')
    this.#start(entry)
  }

  cancel(id: string): void {
    const entry = this.#get(id)
    const held = entry.held
    if (held) {
      delete entry.held
      void held.cancel().then(
        () => {
          delete entry.summary.error
          this.#set(entry, 'cancelled')
        },
        (e: unknown) => {
          // Its journal stays: Cancel again (or Resume) from the same row.
          entry.held = held
          entry.summary.error = toErrorValue(e)
          this.#set(entry, 'failed')
        },
      )
      return
    }
    if (entry.run) {
      entry.stopping = 'cancelled'
      this.runner.stop(id)
      return
    }
    if (entry.summary.state === 'done') return
    // A refused key never ran: cancelling it only dismisses the row (Clear finished then takes it).
    if (entry.refused) return this.#set(entry, 'cancelled')
    entry.set?.reject(downloadStopped(entry.summary.key))
    void removeDownloadFiles(entry.summary.source).finally(() => this.#set(entry, 'cancelled'))
  }

  /** Forgets the done and cancelled downloads (their files stay where they landed); returns their ids. */
  clearFinished(): string[] {
    const ids: string[] = []
    for (const [id, entry] of this.#entries) {
      if (entry.run || !FINISHED_STATES.has(entry.summary.state)) continue
      this.#entries.delete(id)
      ids.push(id)
    }
    return ids
  }

  /** Pauses what runs and waits for it to stop; the partial files and journals stay for a later resume. */
  async close(): Promise<void> {
    const runs: Promise<void>[] = []
    for (const entry of this.#entries.values()) {
      if (entry.run) {
        entry.stopping = 'paused'
        this.runner.stop(entry.summary.id)
        runs.push(entry.run)
      }
    }
    await Promise.all(runs)
  }

  #get(id: string): Entry {
    const entry = this.#entries.get(id)
    if (!entry)
      throw new FerryError({
        code: 'not-found',
        message: `no download ${id}`,
        fix: 'Refresh the transfers list.',
      })
    return entry
  }

  #start(entry: Entry): void {
    delete entry.stopping
    entry.run = this.#run(entry)
  }

  async #run(entry: Entry): Promise<void> {
    const s = entry.summary
    const set = entry.set
    try {
      // Every download runs for a set (a refused key, the only entry without one, never runs).
      if (!set) throw new Error(`internal: download ${s.id} has no set`)
      const outcome = await this.runner.run({
        transferId: s.id,
        connectionId: s.connectionId,
        job: set.request.job,
        onStarted: () => {
          entry.speed.reset()
          this.#set(entry, 'downloading')
        },
        onProgress: (p) => {
          applyProgress(s, entry.speed, p)
          set.request.onProgress(p)
          this.#touch(entry)
        },
        onVerifying: () => this.#set(entry, 'verifying'),
      })
      s.size = outcome.bytes
      s.bytesDone = outcome.bytes
      s.etag = outcome.etag
      s.verification = outcome.verification
      this.#set(entry, 'done')
      set.resolve(outcome)
    } catch (e) {
      const stopping = entry.stopping
      if (stopping === 'cancelled') await removeDownloadFiles(s.source).catch(() => undefined)
      if (stopping) this.#set(entry, stopping)
      else {
        s.error = toErrorValue(e)
        this.#set(entry, 'failed')
      }
      // A file paused from its row keeps its set waiting for the resume.
      if (stopping !== 'paused' || set?.stoppedBySet) set?.reject(e)
    } finally {
      delete entry.run
    }
  }

  #set(entry: Entry, state: TransferState): void {
    entry.summary.state = state
    if (state !== 'downloading') entry.summary.speed = 0
    this.#touch(entry)
  }

  #touch(entry: Entry): void {
    this.#feed.touch(entry.summary)
  }
}
