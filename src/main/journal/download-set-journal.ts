// The journal of a tree download (`ferry get s3://B/PREFIX/ DIR`): what the set is (its sources,
// folder, filters and connection without secrets), what each run planned, and which files it
// started and finished. One JSON line per record, each record one write, so that after kill -9
// the same command (or `ferry resume --all`) knows which files are already in place: they are
// not fetched again and do not trip --if-exists fail. A line torn by the kill is not counted.
// The bytes of each large object live in that file's own sidecar journal (download-journal.ts).
import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { DownloadIfExists } from '../../shared/engine-protocol'
import type { FerryErrorValue } from '../../shared/errors'
import type { FilterRule } from '../../shared/key-filter'
import { DurableAppend } from './durable-append'
import { wholeLines } from './log-lines'
import type { JournalConnection } from './journal'
import { currentProcessMark, isRunning, type ProcessMark } from './process-alive'

export const DOWNLOAD_SET_SUFFIX = '.download-set'

export type SetSource =
  | { kind: 'prefix'; bucket: string; prefix: string }
  | {
      kind: 'object'
      bucket: string
      key: string
      /**
       * The file's name in the target folder, when the person named the file (`ferry get
       * s3://B/KEY FILE`): the object is then found by HEAD, not listed, and its key is not
       * mapped to a name.
       */
      as?: string
      /** One version of the object, not its latest (`--version-id`). */
      versionId?: string
    }

/** What the set is: the same command gives the same identity. */
export interface SetRequest {
  sources: SetSource[]
  /** The target folder, resolved. */
  target: string
  rules: FilterRule[]
  ifExists: DownloadIfExists
  tuning: { partSize?: number; concurrency?: number; maxBytesPerSecond?: number }
}

export interface SetHeader extends SetRequest {
  v: 1
  id: string
  identity: string
  createdAt: string
  connection: JournalConnection
  /**
   * The download side of a sync: its files are what the sync's plan chose, not everything under
   * its sources, so only the same sync continues it (the app does not take it up at start).
   */
  sync?: true
}

export type SetRecord =
  | { t: 'run'; at: string; process: ProcessMark }
  | { t: 'plan'; at: string; files: number; bytes: number; rejected: number }
  /** `x`: a file was at the target when it started (so one found there later may not be ours). */
  | { t: 'start'; p: string; k: string; b: string; e: string; s: number; x?: true }
  | { t: 'done'; p: string; e: string; s: number }
  | { t: 'failed'; p: string; error: FerryErrorValue }
  | { t: 'end'; at: string; status: 'done' | 'failed' }

export interface SetView {
  header: SetHeader
  path: string
  runs: ProcessMark[]
  lastPlan?: Extract<SetRecord, { t: 'plan' }>
  /** Files started and not failed since (by relative path): the object's ETag and size then. */
  started: Map<string, { etag: string; size: number; existed: boolean }>
  /** Files finished (by relative path): the ETag of the object they hold. */
  done: Map<string, { etag: string; size: number }>
  failed: Map<string, FerryErrorValue>
  end?: Extract<SetRecord, { t: 'end' }>
  updatedAt: string
}

export const downloadSetsDir = (journalDir: string): string => join(journalDir, 'download-sets')

/** The endpoint and what the command asked for; not the time, not the process. */
export function setIdentity(connection: JournalConnection, request: SetRequest): string {
  const what = {
    endpoint: connection.endpoint,
    sources: request.sources,
    target: request.target,
    rules: request.rules,
    ifExists: request.ifExists,
  }
  return createHash('sha256').update(JSON.stringify(what)).digest('hex').slice(0, 24)
}

/** Reads one set's journal; undefined when the header itself is unreadable. */
export function parseSet(text: string, path: string, mtime: string): SetView | undefined {
  // Only complete lines count: the last one may be torn by a kill.
  const { lines } = wholeLines(text)
  let header: SetHeader
  try {
    header = JSON.parse(lines[0] ?? '') as SetHeader
  } catch {
    return undefined
  }
  if (header?.v !== 1 || typeof header.id !== 'string' || !Array.isArray(header.sources)) return undefined
  const view: SetView = {
    header,
    path,
    runs: [],
    started: new Map(),
    done: new Map(),
    failed: new Map(),
    updatedAt: mtime,
  }
  for (const line of lines.slice(1)) {
    if (!line) continue
    let r: SetRecord
    try {
      r = JSON.parse(line) as SetRecord
    } catch {
      continue
    }
    if (r.t === 'run') view.runs.push(r.process)
    else if (r.t === 'plan') view.lastPlan = r
    else if (r.t === 'start') view.started.set(r.p, { etag: r.e, size: r.s, existed: r.x === true })
    else if (r.t === 'done') {
      view.done.set(r.p, { etag: r.e, size: r.s })
      view.failed.delete(r.p)
    } else if (r.t === 'failed') {
      view.failed.set(r.p, r.error)
      view.started.delete(r.p)
    } else if (r.t === 'end') view.end = r
  }
  return view
}

/** Whether a live process other than this one runs the set now. */
export const setHeldElsewhere = (view: SetView): boolean => {
  const last = view.runs.at(-1)
  return last !== undefined && isRunning(last)
}

export async function readSets(journalDir: string): Promise<SetView[]> {
  const dir = downloadSetsDir(journalDir)
  let names: string[]
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(DOWNLOAD_SET_SUFFIX))
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw e
  }
  const views: SetView[] = []
  for (const name of names.sort()) {
    const path = join(dir, name)
    try {
      const text = await readFile(path, 'utf8')
      const { mtime } = await stat(path)
      const view = parseSet(text, path, mtime.toISOString())
      if (view) views.push(view)
    } catch {
      // Removed meanwhile, or unreadable: not a set anyone can continue.
    }
  }
  return views
}

/** The set the same command left unfinished or with failures, if any: the one to continue. */
export async function findContinuable(journalDir: string, identity: string): Promise<SetView | undefined> {
  const sets = await readSets(journalDir)
  return sets.filter((s) => s.header.identity === identity && s.end?.status !== 'done').at(-1)
}

/** Sets interrupted (no end record) that no live process runs: what `ferry resume --all` finishes. */
export async function interruptedSets(journalDir: string): Promise<SetView[]> {
  return (await readSets(journalDir)).filter((s) => !s.end && !setHeldElsewhere(s))
}

/** Forgets one set: its journal is deleted (the files it wrote, and any partial file, stay). */
export const forgetSet = (journalDir: string, id: string): Promise<void> =>
  rm(join(downloadSetsDir(journalDir), `${id}${DOWNLOAD_SET_SUFFIX}`), { force: true })

/** Forgets the sets that finished every file; returns their ids. */
export async function clearFinishedSets(journalDir: string): Promise<string[]> {
  const finished = (await readSets(journalDir)).filter((s) => s.end?.status === 'done')
  for (const set of finished) await rm(set.path, { force: true })
  return finished.map((s) => s.header.id)
}

/**
 * How long a file's start record waits for others to share its flush. The tree download queues
 * more files than run (its window), so the wait delays no transfer; 1,000 small files then cost
 * a few dozen flushes of the journal instead of one per file (about 0.3 ms of CPU each here).
 */
export const START_FLUSH_MS = 20

export class DownloadSetWriter {
  /** The flush the start records written since the last one wait for. */
  #startsOnDisk: Promise<void> | undefined

  private constructor(
    readonly id: string,
    private readonly log: DurableAppend,
  ) {}

  /** Opens a new set, or the given one to continue it; records this run either way. */
  static async open(
    journalDir: string,
    fresh: { header: SetHeader } | { continue: SetView },
  ): Promise<DownloadSetWriter> {
    const dir = downloadSetsDir(journalDir)
    await mkdir(dir, { recursive: true })
    if ('header' in fresh) {
      const path = join(dir, `${fresh.header.id}${DOWNLOAD_SET_SUFFIX}`)
      const log = await DurableAppend.openLog(path)
      await log.append(JSON.stringify(fresh.header) + '\n', 'datasync')
      return DownloadSetWriter.#started(fresh.header.id, log)
    }
    const { path } = fresh.continue
    const text = await readFile(path, 'utf8')
    // A line torn by a kill is cut off, so the next record starts on a line of its own.
    const log = await DurableAppend.openLog(path, wholeLines(text).bytes)
    return DownloadSetWriter.#started(fresh.continue.header.id, log)
  }

  static async #started(id: string, log: DurableAppend): Promise<DownloadSetWriter> {
    const writer = new DownloadSetWriter(id, log)
    await writer.record({ t: 'run', at: new Date().toISOString(), process: currentProcessMark() }, true)
    return writer
  }

  /** `durable`: on disk before it resolves (a finished file, the end). */
  record(r: SetRecord, durable = false): Promise<void> {
    return this.log.append(JSON.stringify(r) + '\n', durable ? 'datasync' : 'none')
  }

  /**
   * A file's start: written at once (a kill -9 finds it) and on disk before it resolves, so
   * that after a power cut a file found in place is known to be the set's; the starts of
   * START_FLUSH_MS share one flush.
   */
  recordStart(r: Extract<SetRecord, { t: 'start' }>): Promise<void> {
    const written = this.record(r)
    this.#startsOnDisk ??= new Promise((wait) => setTimeout(wait, START_FLUSH_MS)).then(() => {
      this.#startsOnDisk = undefined
      // Appends keep their order: the flush covers every record written before it.
      return this.log.append('', 'datasync')
    })
    return Promise.all([written, this.#startsOnDisk]).then(() => undefined)
  }

  close(): Promise<void> {
    return this.log.close()
  }
}
