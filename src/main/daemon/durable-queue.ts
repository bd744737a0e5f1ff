// The daemon's queue on disk. Guarantees:
// - a job is acknowledged ('queued') only after its record is fdatasynced, so it survives a
//   crash, kill -9 or power cut from then on;
// - a job is finished exactly when its timing line is fdatasynced, and the waiting client
//   hears the result only after that; on restart every job without a timing line runs
//   again (resuming its transfer from the engine's journal), every job with one does not;
// - the queue file is compacted (open jobs only) at start and whenever it grows, so
//   starting costs the open jobs plus the timing lines written since the last compaction.
import { randomBytes } from 'node:crypto'
import { stat } from 'node:fs/promises'
import { DurableAppend } from '../journal/durable-append'
import { readWholeLines, wholeLines } from '../journal/log-lines'
import {
  compactedQueue,
  readQueueLines,
  readTimingLines,
  replayQueue,
  type JobRecord,
  type OpenJob,
  type TimingRecord,
} from './queue-records'

/** Compact when this many bytes were appended to the queue since the last compaction. */
export const COMPACT_AFTER_BYTES = 1024 * 1024

export type NewJob = Omit<JobRecord, 't' | 'id' | 'at' | 'transferId' | 'starts'>

export interface QueueOpened {
  queue: DurableQueue
  /** Acknowledged jobs that never finished, oldest first. */
  recovered: OpenJob[]
  /** Damaged lines skipped while reading (disk damage, or a file edited by hand). */
  skipped: number
}

/** Sortable by submission time and safe in file names: "m3x9k2ab-1a2b3c4d5e6f". */
export const newJobId = (): string => `${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`

async function statOf(path: string): Promise<{ size: number; ino: number } | undefined> {
  try {
    const s = await stat(path)
    return { size: s.size, ino: s.ino }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw e
  }
}

export class DurableQueue {
  readonly #open: Map<string, OpenJob>
  #compactedAt: number
  #compacting = false

  private constructor(
    private readonly queueLog: DurableAppend,
    private readonly timingLog: DurableAppend,
    open: Map<string, OpenJob>,
    private readonly compactAfterBytes: number,
    /** Windows reports 0 for every file: no identity to compare there. */
    private readonly timingsIno: number | undefined,
  ) {
    this.#open = open
    this.#compactedAt = queueLog.size
  }

  static async open(
    paths: { queue: string; timings: string },
    options: { compactAfterBytes?: number } = {},
  ): Promise<QueueOpened> {
    const queueLines = readQueueLines(readWholeLines(paths.queue) ?? wholeLines(''))
    const replay = replayQueue(queueLines.records)

    // Another file than the mark names, or one shorter than the mark, means the timing log
    // was replaced (rotated by hand): it is read all.
    const timings = readWholeLines(paths.timings, { offset: replay.timingsFrom, ino: replay.timingsIno })
    const timingLines = readTimingLines(timings ?? wholeLines(''))
    const finished = new Set(timingLines.records.map((r) => r.job))
    const open = new Map<string, OpenJob>()
    for (const [id, job] of replay.jobs) if (!finished.has(id)) open.set(id, job)

    const timingLog = await DurableAppend.openLog(
      paths.timings,
      (timings?.from ?? 0) + timingLines.validLength,
    )
    const queueLog = await DurableAppend.openLog(paths.queue)
    const timingsIno = (await statOf(paths.timings))?.ino
    const queue = new DurableQueue(
      queueLog,
      timingLog,
      open,
      options.compactAfterBytes ?? COMPACT_AFTER_BYTES,
      timingsIno,
    )
    await queue.#compact()
    return {
      queue,
      recovered: [...open.values()],
      skipped: queueLines.skipped + timingLines.skipped,
    }
  }

  /** Jobs acknowledged and not finished. */
  get openCount(): number {
    return this.#open.size
  }

  /** Writes the job and waits until it is on disk; only then may the client hear 'queued'. */
  async submit(fields: NewJob): Promise<JobRecord> {
    const record: JobRecord = { t: 'job', id: newJobId(), at: Date.now(), ...fields }
    // Into the open set the moment it is durable, in the same step: a compaction that runs
    // after this line was written must carry the job into the new file.
    await this.queueLog.append(`${JSON.stringify(record)}\n`, 'datasync', () =>
      this.#open.set(record.id, { record, starts: 0 }),
    )
    return record
  }

  /**
   * Records the engine transfer a job runs as. Not synced: after a power cut without it, the
   * daemon finds the transfer's journal by source and key instead.
   */
  started(id: string, transferId: string): void {
    const job = this.#open.get(id)
    if (!job) return
    job.transferId = transferId
    job.starts++
    void this.queueLog
      .append(`${JSON.stringify({ t: 'start', id, at: Date.now(), transferId })}\n`, 'none')
      .catch(() => {})
  }

  /** Writes the job's timing line and waits until it is on disk: from then on it is finished. */
  async finish(timing: TimingRecord): Promise<void> {
    await this.timingLog.append(`${JSON.stringify(timing)}\n`, 'datasync', () =>
      this.#open.delete(timing.job),
    )
    if (this.queueLog.size - this.#compactedAt > this.compactAfterBytes) void this.#compact().catch(() => {})
  }

  async close(): Promise<void> {
    // Leave the file as short as a restart would make it.
    await this.#compact().catch(() => {})
    await this.queueLog.close()
    await this.timingLog.close()
  }

  async #compact(): Promise<void> {
    if (this.#compacting) return
    this.#compacting = true
    try {
      // Evaluated when the replace's turn comes: the open set and the durable end of the
      // timing log change together (in DurableAppend's onDurable), so no job is in both or neither.
      const ino = this.timingsIno || undefined
      await this.queueLog.replace(() => compactedQueue(this.#open.values(), this.timingLog.durableSize, ino))
      this.#compactedAt = this.queueLog.size
    } finally {
      this.#compacting = false
    }
  }
}
