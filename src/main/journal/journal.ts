// The transfer journal: one append-only JSON-lines file per transfer (the small files of an
// upload share one instead, journal-batch.ts). Appending keeps the cost per finished part
// bounded (one short line and one fdatasync) however many parts there are, where rewriting a
// state file would grow with the part count.
//
// A crash can tear the last line, and a reader can catch a write under way: the text after the
// last newline is not read. Anything else that does not parse means the file was damaged, and
// reading it fails with 'journal-corrupt' naming the file.
import { FerryError, type FerryErrorValue } from '../../shared/errors'
import type { IfExists, UploadHeaders, Verification } from '../../shared/domain/transfer'
import type { EngineConnection, TransferNote, TransferTuning } from '../../shared/engine-protocol'
import { wholeLines } from './log-lines'
import type { ProcessMark } from './process-alive'

export const JOURNAL_VERSION = 1
export const JOURNAL_SUFFIX = '.journal'

/** Where a transfer went, without secrets: enough to find the upload again. */
export interface JournalConnection {
  endpoint: string
  region: string
  pathStyle: boolean
  profile?: string
  connectionId?: string
}

/** Where a job goes, as its journal records it: the connection without its secrets. */
export function journalConnection(c: EngineConnection, connectionId?: string): JournalConnection {
  return {
    endpoint: c.endpoint,
    region: c.region,
    pathStyle: c.pathStyle,
    ...(c.profile ? { profile: c.profile } : {}),
    ...(connectionId ? { connectionId } : {}),
  }
}

/** The tuning a job asked for, without the settings it left to the defaults. */
export function journalTuning(job: TransferTuning): TransferTuning {
  const tuning: TransferTuning = {}
  if (job.partSize !== undefined) tuning.partSize = job.partSize
  if (job.concurrency !== undefined) tuning.concurrency = job.concurrency
  if (job.multipartThreshold !== undefined) tuning.multipartThreshold = job.multipartThreshold
  if (job.maxBytesPerSecond !== undefined) tuning.maxBytesPerSecond = job.maxBytesPerSecond
  return tuning
}

/**
 * Starts (or restarts, after the source changed or the upload vanished) a transfer. Records
 * after the last header belong to it. A 'queued' header is written when the file is queued
 * (core/transfers/queued-journals.ts), before the engine plans it: its part size and count are 0.
 */
export interface HeaderRecord {
  t: 'header'
  v: number
  transferId: string
  kind: 'single' | 'multipart' | 'queued'
  at: string
  /** The process that wrote it: a live pid means the transfer runs (or waits) elsewhere. */
  pid: number
  boot?: number
  start?: string
  source: string
  size: number
  mtimeMs: number
  partSize: number
  partCount: number
  bucket: string
  key: string
  uploadId?: string
  /**
   * The full-object checksum the multipart upload was created with: its parts carry their
   * own and its Complete the whole object's. Absent when the store does not keep checksums.
   */
  checksum?: 'CRC32'
  headers: UploadHeaders
  ifExists: IfExists
  tuning: TransferTuning
  connection: JournalConnection
  /** Present when the source is a URL (ferry stream). */
  stream?: StreamRecord
}

/** A streamed source as it was when the upload began: what a resume must find again. */
export interface StreamRecord {
  /** Without its password (secrets stay out of journals); the user name stays. */
  url: string
  hasPassword: boolean
  etag?: string
  lastModified?: string
  /** The source answers byte ranges: a resume fetches only the missing parts. */
  ranges: boolean
  /** False for chunked responses without a length: parts are numbered as they arrive. */
  sizeKnown: boolean
  sourceMd5?: string
}

export interface PartRecord {
  t: 'part'
  n: number
  etag: string
  /** Hex MD5 of the part's bytes as read from the source. */
  md5: string
  size: number
  /**
   * Base64 CRC32 of the part's bytes, read in the same pass as the MD5: a resume that does not
   * read a part again (a streamed source's trusted part) still has it for the whole object's.
   */
  crc?: string
  /** Found on the server after a crash and proved, rather than sent in this run. */
  reused?: boolean
}

/** A resume by another process (or later) took the transfer over. */
export interface RunRecord {
  t: 'run'
  at: string
  pid: number
  boot?: number
  start?: string
}

export interface StateRecord {
  t: 'state'
  at: string
  state: 'paused' | 'failed'
  error?: FerryErrorValue
}

export interface NoteRecord {
  t: 'note'
  at: string
  note: TransferNote
}

export interface FinalRecord {
  t: 'final'
  at: string
  status: 'done' | 'failed' | 'cancelled'
  etag?: string
  verification?: Verification
  error?: FerryErrorValue
  skipped?: boolean
  partsUploaded?: number
  partsReused?: number
}

export type JournalRecord = HeaderRecord | PartRecord | RunRecord | StateRecord | NoteRecord | FinalRecord

/** A journal read back: the current attempt (after its last header) and what became of it. */
export interface JournalView {
  path: string
  header: HeaderRecord
  /** Finished parts of the current attempt by number; a later record for a number wins. */
  parts: Map<number, PartRecord>
  /** The last process that ran the current attempt. */
  writer: ProcessMark
  lastState?: StateRecord
  final?: FinalRecord
  notes: TransferNote[]
  createdAt: string
  updatedAt: string
}

function markOf(record: { pid: number; boot?: number; start?: string }): ProcessMark {
  const mark: ProcessMark = { pid: record.pid }
  if (typeof record.boot === 'number') mark.boot = record.boot
  if (typeof record.start === 'string') mark.start = record.start
  return mark
}

export const serializeRecord = (record: JournalRecord): string => JSON.stringify(record) + '\n'

export function journalCorrupt(path: string, problem: string): FerryError {
  return new FerryError({
    code: 'journal-corrupt',
    message: `the transfer journal ${path} is damaged (${problem})`,
    fix: `Delete ${path} and upload the file again; if it held a multipart upload, abort leftovers with ferry uploads s3://BUCKET --abort.`,
  })
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

export function checkRecord(value: unknown): JournalRecord | 'unknown' | undefined {
  if (!isObject(value) || typeof value['t'] !== 'string') return undefined
  switch (value['t']) {
    case 'header':
      return typeof value['transferId'] === 'string' &&
        typeof value['source'] === 'string' &&
        typeof value['bucket'] === 'string' &&
        typeof value['key'] === 'string' &&
        Number.isSafeInteger(value['size']) &&
        typeof value['mtimeMs'] === 'number' &&
        Number.isSafeInteger(value['partSize']) &&
        Number.isSafeInteger(value['partCount']) &&
        (value['kind'] === 'single' || value['kind'] === 'multipart' || value['kind'] === 'queued') &&
        isObject(value['connection'])
        ? (value as unknown as HeaderRecord)
        : undefined
    case 'part':
      return Number.isSafeInteger(value['n']) &&
        typeof value['etag'] === 'string' &&
        typeof value['md5'] === 'string' &&
        Number.isSafeInteger(value['size'])
        ? (value as unknown as PartRecord)
        : undefined
    case 'run':
    case 'state':
    case 'note':
    case 'final':
      return value as unknown as JournalRecord
    default:
      // Written by a newer Ferry: skip rather than refuse.
      return 'unknown'
  }
}

/** One line of a journal's text: a record, one written by a newer Ferry, or not a record at all. */
export function recordOfLine(line: string): JournalRecord | 'unknown' | undefined {
  try {
    return checkRecord(JSON.parse(line))
  } catch {
    return undefined
  }
}

/**
 * Folds one record into the view of its transfer: a header starts the current attempt (and
 * the view, when there is none yet); anything else needs a view to belong to (undefined
 * otherwise). Shared by per-transfer journals and batch files (journal-batch.ts).
 */
export function applyRecord(
  view: JournalView | undefined,
  record: JournalRecord,
  path: string,
): JournalView | undefined {
  if (record.t === 'header') {
    return {
      path,
      header: record,
      parts: new Map(),
      writer: markOf(record),
      notes: view?.notes ?? [],
      createdAt: view?.createdAt ?? record.at,
      updatedAt: record.at,
    }
  }
  if (!view) return undefined
  if ('at' in record && typeof record.at === 'string') view.updatedAt = record.at
  switch (record.t) {
    case 'part':
      view.parts.set(record.n, record)
      break
    case 'run':
      view.writer = markOf(record)
      delete view.lastState
      delete view.final
      break
    case 'state':
      view.lastState = record
      break
    case 'note':
      view.notes.push(record.note)
      break
    case 'final':
      view.final = record
      break
  }
  return view
}

/**
 * Parses a journal's text. Pure, so the torn-line and corruption rules are unit-tested. The
 * text after the last newline is a write cut short by a crash, or one still under way: it is
 * not read (log-lines.ts).
 */
export function parseJournal(text: string, path: string): JournalView {
  const { lines } = wholeLines(text)
  let view: JournalView | undefined
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line.trim() === '') continue
    const record = recordOfLine(line)
    if (record === undefined) throw journalCorrupt(path, `line ${i + 1} is not a journal record`)
    if (record === 'unknown') continue
    const next = applyRecord(view, record, path)
    if (!next) throw journalCorrupt(path, 'it does not start with a header record')
    view = next
  }
  if (!view) throw journalCorrupt(path, 'it is empty or has no header record')
  return view
}

/** Sum of the bytes of finished parts in the current attempt. */
export function journaledBytes(view: JournalView): number {
  let total = 0
  for (const part of view.parts.values()) total += part.size
  return total
}
