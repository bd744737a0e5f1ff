// The records of the daemon's two logs, and reading them back (through journal/log-lines.ts,
// as every append-only file is read). Pure, so the crash rules are unit-tested: a line torn by
// a crash, or still being written, is dropped (it was never acknowledged: acknowledgements
// wait for fdatasync, and a synced line is whole); a damaged line elsewhere is skipped and
// counted, rather than keeping the daemon from starting.
//
// queue.jsonl   'job' when a submission is accepted (fsynced before the client hears
//               'queued'), 'start' when it is handed to the engine (its transfer id, for
//               resuming), 'mark' at the top after compaction.
// timings.jsonl one line per finished object (done or failed), fsynced before the waiting
//               client hears the result. It is also the queue's record of completion: a job
//               is finished exactly when its timing line is on disk.
import type { IfExists } from '../../shared/domain/transfer'
import type { SendHeaders } from './protocol'
import { wholeLines, type WholeLines } from '../journal/log-lines'

export interface JobRecord {
  t: 'job'
  id: string
  /** Submitted, Unix milliseconds. */
  at: number
  source: string
  bucket: string
  key: string
  alias?: string
  ifExists: IfExists
  /** Encryption (an SSE-C key's MD5, never the key), ACL, tags and storage class: checked when the job runs. */
  headers?: SendHeaders
  /** Carried over by compaction from the job's 'start' records. */
  transferId?: string
  starts?: number
}

export interface StartRecord {
  t: 'start'
  id: string
  at: number
  transferId: string
}

/**
 * Written first by compaction: every job finished before this offset of the timing log was
 * dropped from the queue, so a restart reads the timing log from here, not from its start.
 */
export interface MarkRecord {
  t: 'mark'
  timings: number
  /** The timing log's inode: a different file (rotated by hand) is read from its start. */
  ino?: number
}

export type QueueRecord = JobRecord | StartRecord | MarkRecord

export interface TimingRecord {
  job: string
  source: string
  bucket: string
  key: string
  /** Unix seconds (with milliseconds). */
  submitted: number
  /** When the run that finished it began (Unix seconds). */
  started: number
  finished: number
  /** Seconds from submission to that start, including any time the daemon was down. */
  queueWait: number
  transferSeconds: number
  bytes: number
  /** Bytes per second over transferSeconds; 0 for failures. */
  throughput: number
  result: 'done' | 'failed'
  error?: { code: string; message: string }
  etag?: string
  /** Runs it took: more than 1 after retries or a restart. */
  attempts: number
  transferId?: string
}

export interface OpenJob {
  record: JobRecord
  transferId?: string
  /** How many times it was handed to the engine before (across restarts). */
  starts: number
}

export interface ReadLines<T> {
  records: T[]
  /** Bytes up to and including the last newline: what is whole. */
  validLength: number
  /** Whole lines that did not parse as records (damage). */
  skipped: number
}

function readLines<T>(log: string | WholeLines, check: (value: unknown) => T | undefined): ReadLines<T> {
  const { lines, bytes } = typeof log === 'string' ? wholeLines(log) : log
  const records: T[] = []
  let skipped = 0
  for (const line of lines) {
    if (line.trim() === '') continue
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      skipped++
      continue
    }
    const record = check(value)
    if (record) records.push(record)
    else skipped++
  }
  return { records, validLength: bytes, skipped }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

function checkQueueRecord(v: unknown): QueueRecord | undefined {
  if (!isObject(v)) return undefined
  if (v['t'] === 'job')
    return typeof v['id'] === 'string' &&
      typeof v['at'] === 'number' &&
      typeof v['source'] === 'string' &&
      typeof v['bucket'] === 'string' &&
      typeof v['key'] === 'string' &&
      (v['ifExists'] === 'fail' || v['ifExists'] === 'overwrite' || v['ifExists'] === 'skip')
      ? (v as unknown as JobRecord)
      : undefined
  if (v['t'] === 'start')
    return typeof v['id'] === 'string' && typeof v['transferId'] === 'string'
      ? (v as unknown as StartRecord)
      : undefined
  if (v['t'] === 'mark') return Number.isSafeInteger(v['timings']) ? (v as unknown as MarkRecord) : undefined
  return undefined
}

function checkTiming(v: unknown): TimingRecord | undefined {
  return isObject(v) &&
    typeof v['job'] === 'string' &&
    (v['result'] === 'done' || v['result'] === 'failed') &&
    typeof v['submitted'] === 'number' &&
    typeof v['finished'] === 'number'
    ? (v as unknown as TimingRecord)
    : undefined
}

/** The queue's records in its text, or in whole lines read from the file. */
export const readQueueLines = (log: string | WholeLines): ReadLines<QueueRecord> =>
  readLines(log, checkQueueRecord)

/** The timing log's records in its text, or in whole lines read from the file. */
export const readTimingLines = (log: string | WholeLines): ReadLines<TimingRecord> =>
  readLines(log, checkTiming)

export interface QueueReplay {
  /** Jobs in submission order, with what their 'start' records say. */
  jobs: Map<string, OpenJob>
  /** Where in the timing log to look for jobs finished since the last compaction. */
  timingsFrom: number
  /** Which file that offset is in (its inode), when known. */
  timingsIno?: number
}

/** Folds the queue's records into its jobs (finished or not: the timing log decides). */
export function replayQueue(records: readonly QueueRecord[]): QueueReplay {
  const jobs = new Map<string, OpenJob>()
  let timingsFrom = 0
  let timingsIno: number | undefined
  for (const r of records) {
    if (r.t === 'mark') {
      timingsFrom = r.timings
      timingsIno = r.ino
    } else if (r.t === 'job') {
      // A duplicate (compaction racing a late append) carries the same job; keep the first.
      if (jobs.has(r.id)) continue
      const open: OpenJob = { record: r, starts: r.starts ?? 0 }
      if (r.transferId) open.transferId = r.transferId
      jobs.set(r.id, open)
    } else {
      const job = jobs.get(r.id)
      if (!job) continue
      job.transferId = r.transferId
      job.starts++
    }
  }
  return timingsIno === undefined ? { jobs, timingsFrom } : { jobs, timingsFrom, timingsIno }
}

/** The compacted queue: a mark, then the open jobs with their start history folded in. */
export function compactedQueue(open: Iterable<OpenJob>, timingsFrom: number, timingsIno?: number): string {
  const mark: MarkRecord = { t: 'mark', timings: timingsFrom }
  if (timingsIno !== undefined) mark.ino = timingsIno
  const lines = [JSON.stringify(mark)]
  for (const job of open) {
    const record: JobRecord = { ...job.record, starts: job.starts }
    if (job.transferId) record.transferId = job.transferId
    else delete record.transferId
    lines.push(JSON.stringify(record))
  }
  return `${lines.join('\n')}\n`
}

const seconds = (ms: number): number => Math.round(ms) / 1000

/** The timing line of a finished job. */
export function timingRecord(args: {
  job: JobRecord
  startedAt: number
  finishedAt: number
  bytes: number
  result: 'done' | 'failed'
  attempts: number
  etag?: string
  error?: { code: string; message: string }
  transferId?: string
}): TimingRecord {
  const transferMs = Math.max(0, args.finishedAt - args.startedAt)
  const record: TimingRecord = {
    job: args.job.id,
    source: args.job.source,
    bucket: args.job.bucket,
    key: args.job.key,
    submitted: seconds(args.job.at),
    started: seconds(args.startedAt),
    finished: seconds(args.finishedAt),
    queueWait: seconds(Math.max(0, args.startedAt - args.job.at)),
    transferSeconds: seconds(transferMs),
    bytes: args.bytes,
    throughput: args.result === 'done' && transferMs > 0 ? Math.round((args.bytes * 1000) / transferMs) : 0,
    result: args.result,
    attempts: args.attempts,
  }
  if (args.etag) record.etag = args.etag
  if (args.error) record.error = args.error
  if (args.transferId) record.transferId = args.transferId
  return record
}
