// The small files of one upload share one journal file, a batch: it holds the queued header of
// every such file and, appended as each one runs, that file's records, each naming its
// transfer. A journal file per small file cost more than the rest of the journal work: on the
// bench machine's ext4, creating 1,000 of them (and reopening each in the engine) took 0.6 to
// 1.7 s of system time, against 0.35 to 0.46 s with the state folder on tmpfs.
//
// A batched transfer's id names its batch: "<batch id>.<index>". Every record of such a
// transfer goes to the batch, a file that grew past the multipart threshold meanwhile too, so
// it never has a journal of its own and readers need no rule for which file wins.
//
// Several processes append to a batch: the one that queued the upload (the headers, all in one
// write, and a 'forget' record for a file cancelled before it started) and the engines that run
// its files. Each write is one append (O_APPEND, durable-append.ts) that starts with a newline:
// appends of different processes never interleave inside a line, and a write torn by a full
// disk damages only its own line, which readers skip (a damaged line in a per-transfer journal
// fails that journal instead; here it would fail every file of the batch).
import { join } from 'node:path'
import { appendOnce, DurableAppend, type AppendOptions } from './durable-append'
import { applyRecord, checkRecord, type JournalRecord, type JournalView } from './journal'
import { readWholeLines, wholeLines } from './log-lines'

export const BATCH_SUFFIX = '.batch'

export const batchedId = (batchId: string, index: number): string => `${batchId}.${index}`

/** The batch a transfer belongs to, or undefined for one with a journal of its own. */
export function batchOf(transferId: string): string | undefined {
  const dot = transferId.lastIndexOf('.')
  return dot > 0 ? transferId.slice(0, dot) : undefined
}

/** The last batch path made: each small file of a batch asks for it, and `join` normalizes it afresh. */
let lastPath: { journalDir: string; batchId: string; path: string } | undefined

export function batchPath(journalDir: string, batchId: string): string {
  if (lastPath?.journalDir === journalDir && lastPath.batchId === batchId) return lastPath.path
  const path = join(journalDir, `${batchId}${BATCH_SUFFIX}`)
  lastPath = { journalDir, batchId, path }
  return path
}

/** A file cancelled before it started: no later resume may start it. */
export interface ForgetRecord {
  t: 'forget'
  at: string
  id: string
}

/** A batch read back: the view of every transfer in it that was not forgotten. */
export interface BatchState {
  views: Map<string, JournalView>
  forgotten: Set<string>
  /** Lines that were not records (torn by a full disk) and were skipped. */
  damaged: number
}

const emptyState = (): BatchState => ({ views: new Map(), forgotten: new Set(), damaged: 0 })

/** A record as a batch line: tagged with its transfer, unless it is a header (which names it). */
export const batchLine = (transferId: string, record: JournalRecord | ForgetRecord): string =>
  JSON.stringify(record.t === 'header' || record.t === 'forget' ? record : { id: transferId, ...record }) +
  '\n'

/** Folds complete lines into the state. Pure, so the skipping rules are unit-tested. */
export function applyBatchLines(state: BatchState, lines: readonly string[], path: string): void {
  for (const line of lines) {
    if (line.trim() === '') continue
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      state.damaged++
      continue
    }
    const v = value as Record<string, unknown>
    if (v?.['t'] === 'forget' && typeof v['id'] === 'string') {
      state.views.delete(v['id'])
      state.forgotten.add(v['id'])
      continue
    }
    const record = checkRecord(value)
    if (record === 'unknown') continue
    const id = record?.t === 'header' ? record.transferId : v?.['id']
    if (!record || typeof id !== 'string') {
      state.damaged++
      continue
    }
    if (state.forgotten.has(id)) continue
    const view = applyRecord(state.views.get(id), record, path)
    if (view) state.views.set(id, view)
  }
}

/** Parses a whole batch's text; an unterminated last line is a write still under way. */
export function parseBatch(text: string, path: string): BatchState {
  const state = emptyState()
  applyBatchLines(state, wholeLines(text).lines, path)
  return state
}

interface Cached {
  ino: number
  /** Bytes consumed: up to the last complete line read. */
  offset: number
  state: BatchState
}

/**
 * Batches read so far, by path. A batch grows while its files run, and `ferry resume --all`
 * asks for each of its transfers in turn: reading only what was appended since the last read
 * keeps that linear in the batch's size, where parsing it afresh each time was quadratic.
 */
const readBatches = new Map<string, Cached>()

/** The batch as it is on disk now (undefined when there is none). Its views are shared: read them only. */
export function readBatch(path: string): BatchState | undefined {
  let cached = readBatches.get(path)
  const read = readWholeLines(path, cached && { offset: cached.offset, ino: cached.ino })
  if (!read) {
    readBatches.delete(path)
    return undefined
  }
  // Another file under the same name (cleared and written again), or one cut short.
  if (!cached || cached.ino !== read.ino || cached.offset !== read.from) {
    cached = { ino: read.ino, offset: 0, state: emptyState() }
    readBatches.set(path, cached)
  }
  // Only whole lines: the rest may be a write under way, read again next time.
  applyBatchLines(cached.state, read.lines, path)
  cached.offset = read.from + read.bytes
  return cached.state
}

/** One transfer of a batch, as a copy its caller may keep while the batch grows. */
export function batchedView(journalDir: string, transferId: string): JournalView | undefined {
  const batch = batchOf(transferId)
  if (!batch) return undefined
  const view = readBatch(batchPath(journalDir, batch))?.views.get(transferId)
  return view && structuredClone(view)
}

/** Drops what was read of a batch that is being deleted. */
export const forgetBatch = (path: string): void => void readBatches.delete(path)

const BATCH_APPEND: AppendOptions = { kind: 'journal', isolate: true }

/** Appends lines to a batch in one write (creating it), for the process that queues its files. */
export function appendToBatch(path: string, lines: readonly string[]): void {
  appendOnce(path, lines.join(''), BATCH_APPEND)
}

interface SharedLog {
  log: DurableAppend
  users: number
  /** When its last writer closed (performance.now()), while none holds it. */
  idleSince: number
  timer: ReturnType<typeof setTimeout> | undefined
}

/** How long an engine keeps a batch open after its last writer closed: the next file comes soon. */
const KEEP_OPEN_MS = 1000

const openBatches = new Map<string, SharedLog>()

/**
 * A batch open for appending, shared by the engine's writers of its transfers: opening the
 * batch for each small file was a path lookup and a descriptor each time, and sharing it lets
 * records of several files that finish together share one flush.
 */
export function acquireBatchLog(path: string): DurableAppend {
  let shared = openBatches.get(path)
  if (!shared) {
    shared = { log: DurableAppend.openSync(path, BATCH_APPEND), users: 0, idleSince: 0, timer: undefined }
    openBatches.set(path, shared)
  }
  shared.users++
  return shared.log
}

/**
 * One timer at a time closes an idle batch, not one per small file: a timer set as each file
 * closed its writer and cleared as the next opened one was about 1% of the CPU of a folder
 * of small files (a CPU profile). The timer that finds the batch in use or idle for less than
 * KEEP_OPEN_MS looks again later.
 */
export function releaseBatchLog(path: string): void {
  const shared = openBatches.get(path)
  if (!shared || --shared.users > 0) return
  shared.idleSince = performance.now()
  if (!shared.timer) closeWhenIdle(path, shared, KEEP_OPEN_MS)
}

function closeWhenIdle(path: string, shared: SharedLog, delayMs: number): void {
  shared.timer = setTimeout(() => {
    shared.timer = undefined
    if (shared.users > 0) return
    const idleMs = performance.now() - shared.idleSince
    if (idleMs < KEEP_OPEN_MS) return closeWhenIdle(path, shared, KEEP_OPEN_MS - idleMs)
    openBatches.delete(path)
    void shared.log.close()
  }, delayMs)
  shared.timer.unref?.()
}
