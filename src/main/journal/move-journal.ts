// The journal of a move or copy of many objects (`ferry mv s3://B/A/ s3://B/C/`, a folder
// renamed in the app, `ferry cp` of a prefix): what the set is, and per object when its copy
// started, when the copy was proven equal to its source, and when the source was deleted.
// One JSON line per record. The proven copy is on disk (fdatasync) before its source is
// deleted, so after kill -9 the same command (or `ferry resume --all`) finds every object in
// one of three states it can finish: not copied (copy it), copied (check the copy, delete the
// source), moved (its source is gone, so the listing no longer names it). A destination that
// this set created never trips --if-exists fail on the next run; one that was there before does.
// A multipart copy's Create is on disk ('upload-create', with the server's time) before it is
// sent, its upload id ('upload') before its first part is copied, and it is marked closed
// ('upload-closed') once it is completed or aborted: whatever kills the process in between, a
// resume or a cancel finds the open upload (or sweeps the key's uploads since) and aborts it.
// Records are added, not changed: a journal written before they existed reads with no open
// upload, and a reader that predates them skips them. Likewise, a stream to another connection
// (its own upload journal, its own multipart upload) is named ('stream') until it finished or
// was cancelled ('stream-settled'), so that cancelling the set cancels it too.
import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { IfExists } from '../../shared/domain/transfer'
import type { FerryErrorValue } from '../../shared/errors'
import type { MoveSource, MoveTarget } from '../../shared/move-plan'
import { cancelPending } from './cancel-marks'
import { DurableAppend } from './durable-append'
import type { JournalConnection } from './journal'
import { wholeLines } from './log-lines'
import { currentProcessMark, isRunning, type ProcessMark } from './process-alive'

export const MOVE_SUFFIX = '.move'

/** What the set is: the same command gives the same identity. */
export interface MoveRequest {
  /** 'copy' keeps the sources. */
  op: 'move' | 'copy'
  source: MoveSource
  target: MoveTarget
  ifExists: IfExists
  tuning: { partSize?: number; concurrency?: number; multipartThreshold?: number }
}

export interface MoveHeader extends MoveRequest {
  v: 1
  id: string
  identity: string
  createdAt: string
  /** The source's store; `to` the destination's when it is another connection. */
  connection: JournalConnection
  to?: JournalConnection
}

export type MoveRecord =
  | { t: 'run'; at: string; process: ProcessMark }
  /** Copying source key `k` (ETag `e`, `s` bytes); `x`: its destination was there and not ours. */
  | { t: 'start'; k: string; e: string; s: number; x?: true }
  /** The copy of `k` (source ETag `e`) is proven; `d` is the copy's ETag. Durable before the delete. */
  | { t: 'copied'; k: string; e: string; d: string }
  /** The source `k` was deleted. */
  | { t: 'moved'; k: string }
  | { t: 'skipped'; k: string }
  | { t: 'failed'; k: string; error: FerryErrorValue }
  | { t: 'end'; at: string; status: 'done' | 'failed' }
  /**
   * The run stopped before the set was done, and let go of it: a pause or a cancel in the app
   * (whose process lives on), or, with `error`, an error no later object could get past
   * (credentials, a missing bucket, a copy left open). Another process may then take the set up
   * (`ferry resume`, `ferry cancel`), and the app at start tells a set an error stopped from one
   * a quit cut short (which writes nothing).
   */
  | { t: 'stopped'; at: string; error?: FerryErrorValue }
  /**
   * The multipart copy of source key `k` is about to create an upload at s3://`b`/`d`; `at` is the
   * server's time (ms). Durable before the request: until its `upload` (or `upload-swept`) is
   * journaled, an upload of that key started since may be one whose id a kill kept from us.
   */
  | { t: 'upload-create'; k: string; b: string; d: string; at: number }
  /** The uploads of `k`'s destination started since its `upload-create` were aborted (or it was refused). */
  | { t: 'upload-swept'; k: string }
  /** The multipart copy of source key `k` opened upload `u` at s3://`b`/`d`. Durable before any part. */
  | { t: 'upload'; k: string; b: string; d: string; u: string }
  /** Upload `u` was completed or aborted: nothing of it is left open on the store. */
  | { t: 'upload-closed'; u: string }
  /** Source key `k` streams to another connection as transfer `id` (its own upload journal). */
  | { t: 'stream'; k: string; id: string }
  /** Transfer `id` finished or was cancelled: nothing of it is left to cancel. */
  | { t: 'stream-settled'; id: string }

/** A CreateMultipartUpload sent whose answer never reached the journal. */
export interface PendingCreate {
  sourceKey: string
  bucket: string
  key: string
  /** Server time (ms) just before the request. */
  at: number
}

/** A multipart upload a copy of this set opened and did not close, as the journal says. */
export interface OpenCopyUpload {
  /** The source key the copy was for. */
  sourceKey: string
  bucket: string
  key: string
  uploadId: string
}

export interface MoveView {
  header: MoveHeader
  path: string
  runs: ProcessMark[]
  started: Map<string, { etag: string; size: number; existed: boolean }>
  copied: Map<string, { etag: string; copyEtag: string }>
  moved: number
  /** Keys copied whose `moved` is not journaled (a kill between the two, at most those in flight). */
  unmoved: Set<string>
  failed: Map<string, FerryErrorValue>
  /** By upload id: the multipart copies left open, for a resume or a cancel to abort. */
  openUploads: Map<string, OpenCopyUpload>
  /** By transfer id: the source key of each stream to another connection not settled. */
  openStreams: Map<string, string>
  /** By source key: the creates whose upload id a kill may have kept from the journal. */
  pendingCreates: Map<string, PendingCreate>
  end?: Extract<MoveRecord, { t: 'end' }>
  /** Why the last run stopped, when an error stopped it (cleared by the next run). */
  stopped?: FerryErrorValue
  /** The last run let go of the set (`stopped`): its process, alive or not, no longer runs it. */
  letGo?: true
  updatedAt: string
}

export const movesDir = (journalDir: string): string => join(journalDir, 'moves')

/** The endpoints and what the command asked for; not the time, not the process, not the tuning. */
export function moveIdentity(
  connection: JournalConnection,
  to: JournalConnection | undefined,
  r: MoveRequest,
): string {
  const what = {
    endpoint: connection.endpoint,
    to: to?.endpoint,
    op: r.op,
    source: r.source,
    target: r.target,
    ifExists: r.ifExists,
  }
  return createHash('sha256').update(JSON.stringify(what)).digest('hex').slice(0, 24)
}

function fold(view: MoveView, r: MoveRecord): void {
  switch (r.t) {
    case 'run':
      view.runs.push(r.process)
      delete view.stopped
      delete view.letGo
      break
    case 'stopped':
      view.letGo = true
      if (r.error) view.stopped = r.error
      break
    case 'start':
      view.started.set(r.k, { etag: r.e, size: r.s, existed: r.x === true })
      break
    case 'copied':
      view.copied.set(r.k, { etag: r.e, copyEtag: r.d })
      view.unmoved.add(r.k)
      view.failed.delete(r.k)
      break
    case 'moved':
      view.moved++
      view.unmoved.delete(r.k)
      break
    case 'skipped':
      break
    case 'failed':
      view.failed.set(r.k, r.error)
      break
    case 'end':
      view.end = r
      break
    case 'upload-create':
    case 'upload-swept':
    case 'upload':
    case 'upload-closed':
    case 'stream':
    case 'stream-settled':
      trackOpen(view, r)
      break
  }
}

/** What is open after record `r`, as the journal and a live writer both keep it. */
function trackOpen(
  open: Pick<MoveView, 'openUploads' | 'openStreams' | 'pendingCreates'>,
  r: MoveRecord,
): void {
  if (r.t === 'upload-create')
    open.pendingCreates.set(r.k, { sourceKey: r.k, bucket: r.b, key: r.d, at: r.at })
  else if (r.t === 'upload-swept') open.pendingCreates.delete(r.k)
  else if (r.t === 'upload') {
    open.pendingCreates.delete(r.k)
    open.openUploads.set(r.u, { sourceKey: r.k, bucket: r.b, key: r.d, uploadId: r.u })
  } else if (r.t === 'upload-closed') open.openUploads.delete(r.u)
  else if (r.t === 'stream') open.openStreams.set(r.id, r.k)
  else if (r.t === 'stream-settled') open.openStreams.delete(r.id)
}

/** Reads one set's journal; undefined when its header is unreadable. A line torn by a kill is not read. */
export function parseMove(text: string, path: string, mtime: string): MoveView | undefined {
  const { lines } = wholeLines(text)
  let header: MoveHeader
  try {
    header = JSON.parse(lines[0] ?? '') as MoveHeader
  } catch {
    return undefined
  }
  if (header?.v !== 1 || typeof header.id !== 'string' || !header.source) return undefined
  const view: MoveView = {
    header,
    path,
    runs: [],
    started: new Map(),
    copied: new Map(),
    moved: 0,
    unmoved: new Set(),
    failed: new Map(),
    openUploads: new Map(),
    openStreams: new Map(),
    pendingCreates: new Map(),
    updatedAt: mtime,
  }
  for (const line of lines.slice(1)) {
    if (!line) continue
    try {
      fold(view, JSON.parse(line) as MoveRecord)
    } catch {
      // A line damaged by a full disk: its object is looked at again on the next run.
    }
  }
  return view
}

/** Whether a live process runs the set now. */
export const moveHeldElsewhere = (view: MoveView): boolean => {
  const last = view.runs.at(-1)
  return last !== undefined && !view.letGo && isRunning(last)
}

export async function readMoves(journalDir: string): Promise<MoveView[]> {
  const dir = movesDir(journalDir)
  const names = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [] as string[]
    throw e
  })
  const views: MoveView[] = []
  for (const name of names.filter((n) => n.endsWith(MOVE_SUFFIX)).sort()) {
    const path = join(dir, name)
    const read = await Promise.all([readFile(path, 'utf8'), stat(path)]).catch(() => undefined)
    const view = read && parseMove(read[0], path, read[1].mtime.toISOString())
    if (view) views.push(view)
  }
  return views
}

/** The set the same command left unfinished, if any: the one to continue. */
export async function findUnfinishedMove(
  journalDir: string,
  identity: string,
): Promise<MoveView | undefined> {
  return (await readMoves(journalDir))
    .filter((s) => s.header.identity === identity && s.end?.status !== 'done')
    .at(-1)
}

/**
 * Sets cut short (no end record) that no live process runs: what `ferry resume --all` finishes.
 * Not one the person cancelled whose cancel could not finish (its open copies not yet aborted).
 */
export async function interruptedMoves(journalDir: string): Promise<MoveView[]> {
  return (await readMoves(journalDir)).filter(
    (s) => !s.end && !moveHeldElsewhere(s) && !cancelPending(journalDir, s.header.id),
  )
}

/**
 * By transfer id, the set each unsettled stream to another connection belongs to, among the sets
 * that did not finish and that no live process runs. The set settles its streams itself (its
 * next run cancels one a killed run left before streaming that object anew), so such a stream
 * is not resumed on its own: finished alone, it would be streamed a second time. A set still
 * running is left out: its streams are its own to pause and resume.
 */
export async function streamOwners(journalDir: string): Promise<Map<string, MoveView>> {
  const owners = new Map<string, MoveView>()
  for (const set of await readMoves(journalDir)) {
    if (set.end?.status === 'done' || moveHeldElsewhere(set)) continue
    for (const id of set.openStreams.keys()) owners.set(id, set)
  }
  return owners
}

/** Forgets the sets that finished; returns their ids. */
export async function clearFinishedMoves(journalDir: string): Promise<string[]> {
  const finished = (await readMoves(journalDir)).filter((s) => s.end?.status === 'done')
  for (const s of finished) await rm(s.path, { force: true })
  return finished.map((s) => s.header.id)
}

export class MoveWriter {
  /** The multipart copies recorded open and not yet closed: the journal's, then this run's. */
  readonly openUploads: Map<string, OpenCopyUpload>
  /** The streams to another connection recorded and not settled, likewise. */
  readonly openStreams: Map<string, string>
  /** The creates whose answer is not journaled, likewise. */
  readonly pendingCreates: Map<string, PendingCreate>

  private constructor(
    readonly id: string,
    private readonly log: DurableAppend,
    earlier?: MoveView,
  ) {
    this.openUploads = new Map(earlier?.openUploads)
    this.openStreams = new Map(earlier?.openStreams)
    this.pendingCreates = new Map(earlier?.pendingCreates)
  }

  /** Opens a new set, or the given one to continue it; records this run either way. */
  static async open(
    journalDir: string,
    from: { header: MoveHeader } | { continue: MoveView },
  ): Promise<MoveWriter> {
    await mkdir(movesDir(journalDir), { recursive: true })
    let writer: MoveWriter
    if ('header' in from) {
      const log = await DurableAppend.openLog(join(movesDir(journalDir), `${from.header.id}${MOVE_SUFFIX}`))
      await log.append(JSON.stringify(from.header) + '\n', 'datasync')
      writer = new MoveWriter(from.header.id, log)
    } else {
      // A line torn by a kill is cut off, so the next record starts on a line of its own.
      const text = await readFile(from.continue.path, 'utf8')
      writer = new MoveWriter(
        from.continue.header.id,
        await DurableAppend.openLog(from.continue.path, wholeLines(text).bytes),
        from.continue,
      )
    }
    await writer.record({ t: 'run', at: new Date().toISOString(), process: currentProcessMark() }, true)
    return writer
  }

  /** `durable`: on disk before it resolves (a proven copy, the end). */
  async record(r: MoveRecord, durable = false): Promise<void> {
    await this.log.append(JSON.stringify(r) + '\n', durable ? 'datasync' : 'none')
    trackOpen(this, r)
  }

  close(): Promise<void> {
    return this.log.close()
  }
}
