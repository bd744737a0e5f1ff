// The daemon's scheduler: takes submissions into the durable queue, runs up to `concurrency`
// of them at once through the transfer manager (one engine process, one warm connection
// pool), retries what failed for a passing reason, and records each job's end in the timing
// log before anyone hears of it. Hosted by `ferry daemon`, or by the app over its own
// transfer manager, so that submitted jobs show in its transfers panel.
import { stat, unlink } from 'node:fs/promises'
import type { S3Client } from '@aws-sdk/client-s3'
import type { TransferSummary } from '../../shared/domain/transfer'
import { FerryError, toErrorValue, type FerryErrorValue } from '../../shared/errors'
import type { EngineConnection } from '../../shared/engine-protocol'
import { createS3Client } from '../s3/client-factory'
import { JournalCatalog } from '../journal/catalog'
import type { TransferManager } from '../core/transfers/transfer-manager'
import { journalPath } from '../journal/journal-writer'
import { isRunning } from '../journal/process-alive'
import type { ConnectionForAlias } from './alias-connections'
import type { DurableQueue } from './durable-queue'
import { storedObjectIsFile } from './own-object'
import { checkSendable } from './source-check'
import type { SendRequest } from './protocol'
import { timingRecord, type JobRecord, type OpenJob, type TimingRecord } from './queue-records'

export type JobResult = { ok: true; bytes: number; etag: string } | { ok: false; error: FerryErrorValue }

export interface DaemonServiceDeps {
  queue: DurableQueue
  transfers: TransferManager
  connectionFor: ConnectionForAlias
  /** Jobs transferring at once. */
  concurrency: number
  journalDir: string
  /** Keep the engine's journal of each finished job (by default a done job's is removed). */
  keepJournals?: boolean
  /** Keep finished jobs' transfers and journals (the app lists them in its transfers panel). */
  keepTransfers?: boolean
  /** Lines for the daemon's stderr: failures, recoveries. */
  log: (line: string) => void
  onFinished?: (timing: TimingRecord) => void
  /** Waits before retrying a job that failed for a passing reason (network, engine crash). */
  retryDelaysMs?: readonly number[]
}

/** About a minute of retries in all: a longer outage fails the job (and says why). */
export const DEFAULT_RETRY_DELAYS_MS = [1_000, 5_000, 15_000, 30_000]

/** How long a restarted daemon waits for the previous one's engine to let go of a transfer. */
const PREVIOUS_ENGINE_WAIT_MS = 30_000

interface RuntimeJob {
  record: JobRecord
  transferId?: string
  /** Runs before this process (from the queue's 'start' records). */
  earlierStarts: number
  /** Runs in this process. */
  attempts: number
  recovered: boolean
  startedAt: number
  waiters: ((result: JobResult) => void)[]
}

type RunOutcome =
  | { kind: 'done'; bytes: number; etag: string }
  | { kind: 'failed'; error: FerryErrorValue; retry: boolean }
  /** Paused because the daemon is stopping: the job stays queued. */
  | { kind: 'stopped' }

const stopping = (job: string): FerryErrorValue => ({
  code: 'paused',
  message: `the daemon stopped before job ${job} finished; it stays queued and runs when the daemon starts again`,
  fix: 'Start the daemon again (ferry daemon &); the job finishes then.',
})

export class DaemonService {
  #pending: (RuntimeJob | undefined)[] = []
  #head = 0
  readonly #running = new Map<string, RuntimeJob>()
  readonly #retrying = new Map<RuntimeJob, ReturnType<typeof setTimeout>>()
  readonly #finishing = new Set<Promise<void>>()
  readonly #catalog: JournalCatalog
  #journalIndex: Promise<Map<string, TransferSummary[]>> | undefined
  #closing = false

  constructor(private readonly deps: DaemonServiceDeps) {
    this.#catalog = new JournalCatalog(deps.journalDir)
  }

  /** Queues the jobs a previous run acknowledged and did not finish, ahead of new ones. */
  recover(open: readonly OpenJob[]): void {
    for (const o of open) {
      const job: RuntimeJob = {
        record: o.record,
        earlierStarts: o.starts,
        attempts: 0,
        recovered: true,
        startedAt: 0,
        waiters: [],
      }
      if (o.transferId) job.transferId = o.transferId
      this.#push(job)
    }
    this.#pump()
  }

  get counts(): { pending: number; running: number } {
    return { pending: this.#pending.length - this.#head + this.#retrying.size, running: this.#running.size }
  }

  /**
   * Checks the file and the connection, writes the job durably, and queues it. Resolves once
   * the job is on disk; `result` (when waiting) resolves when it is stored or has failed.
   */
  async submit(request: SendRequest): Promise<{ job: string; result?: Promise<JobResult> }> {
    if (this.#closing) throw FerryError.fromValue(stopping('(new)'))
    await checkSendable(request.source, 'the daemon')
    // A connection that cannot work (a sealed secret) fails the submission, not the job later.
    this.deps.connectionFor(request.alias)
    const record = await this.deps.queue.submit({
      source: request.source,
      bucket: request.bucket,
      key: request.key,
      ifExists: request.ifExists ?? 'overwrite',
      ...(request.alias ? { alias: request.alias } : {}),
    })
    const job: RuntimeJob = {
      record,
      earlierStarts: 0,
      attempts: 0,
      recovered: false,
      startedAt: 0,
      waiters: [],
    }
    const result = request.wait ? new Promise<JobResult>((r) => job.waiters.push(r)) : undefined
    if (this.#closing) {
      // Stopping began while the job was written: it is safe on disk and runs next time.
      for (const w of job.waiters.splice(0)) w({ ok: false, error: stopping(record.id) })
    } else {
      this.#push(job)
      this.#pump()
    }
    return result ? { job: record.id, result } : { job: record.id }
  }

  /** Stops taking jobs, pauses running transfers (their journals stay resumable), waits for records. */
  async close(): Promise<void> {
    if (this.#closing) return
    this.#closing = true
    const waiting: RuntimeJob[] = [...this.#retrying.keys()]
    for (const timer of this.#retrying.values()) clearTimeout(timer)
    this.#retrying.clear()
    for (let i = this.#head; i < this.#pending.length; i++) {
      const job = this.#pending[i]
      if (job) waiting.push(job)
    }
    this.#pending = []
    this.#head = 0
    for (const job of waiting)
      for (const w of job.waiters.splice(0)) w({ ok: false, error: stopping(job.record.id) })
    await this.deps.transfers.close()
    while (this.#running.size > 0 || this.#finishing.size > 0) {
      await Promise.all([...this.#finishing])
      if (this.#running.size > 0) await new Promise((r) => setTimeout(r, 20))
    }
  }

  // --- scheduling ---

  #push(job: RuntimeJob): void {
    this.#pending.push(job)
  }

  #shift(): RuntimeJob | undefined {
    if (this.#head >= this.#pending.length) return undefined
    const job = this.#pending[this.#head]
    this.#pending[this.#head++] = undefined
    if (this.#head > 1024 && this.#head * 2 > this.#pending.length) {
      this.#pending = this.#pending.slice(this.#head)
      this.#head = 0
    }
    return job
  }

  #pump(): void {
    while (!this.#closing && this.#running.size < this.deps.concurrency) {
      const job = this.#shift()
      if (!job) return
      void this.#run(job)
    }
  }

  async #run(job: RuntimeJob): Promise<void> {
    this.#running.set(job.record.id, job)
    job.attempts++
    job.startedAt = Date.now()
    let outcome: RunOutcome
    try {
      outcome = await this.#transfer(job)
    } catch (e) {
      const error = toErrorValue(e)
      outcome = { kind: 'failed', error, retry: error.retryable === true }
    }
    this.#running.delete(job.record.id)
    if (outcome.kind === 'stopped' || (this.#closing && outcome.kind === 'failed')) {
      // Left open in the queue: the next start resumes it from its journal.
      for (const w of job.waiters.splice(0)) w({ ok: false, error: stopping(job.record.id) })
    } else if (outcome.kind === 'failed' && outcome.retry && !this.#closing && this.#retryLater(job)) {
      // Queued again after a pause.
    } else {
      const finishing = this.#finish(job, outcome)
      this.#finishing.add(finishing)
      void finishing.finally(() => this.#finishing.delete(finishing))
    }
    this.#pump()
  }

  #retryLater(job: RuntimeJob): boolean {
    const delays = this.deps.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS
    const delay = delays[job.attempts - 1]
    if (delay === undefined) return false
    const timer = setTimeout(() => {
      this.#retrying.delete(job)
      this.#push(job)
      this.#pump()
    }, delay)
    this.#retrying.set(job, timer)
    return true
  }

  // --- one run ---

  async #transfer(job: RuntimeJob): Promise<RunOutcome> {
    const { record } = job
    const transfers = this.deps.transfers
    const connection = this.deps.connectionFor(record.alias)
    if (job.recovered && !job.transferId) {
      // The 'start' record is not synced: after a power cut, the engine's journal (its
      // header is synced once an upload id exists) still says which transfer this was.
      const found = await this.#journalOf(record)
      if (found) job.transferId = found
    }
    let id = job.transferId
    if (id && (transfers.get(id) || this.#catalog.exists(id))) {
      // A manager that already runs it (the app resumed it at start) needs no wait.
      if (job.recovered && job.attempts === 1 && !transfers.get(id)) await this.#untilReleased(id)
      transfers.resume(id, { connection })
    } else {
      const [summary] = await transfers.upload({
        connection,
        bucket: record.bucket,
        key: record.key,
        paths: [record.source],
        ifExists: record.ifExists,
      })
      id = summary!.id
      job.transferId = id
      this.deps.queue.started(record.id, id)
    }
    const result = await transfers.waitFor(id)
    const s = result.summary
    switch (s.state) {
      case 'done':
        return {
          kind: 'done',
          bytes: result.outcome?.bytes ?? s.size,
          etag: result.outcome?.etag ?? s.etag ?? '',
        }
      case 'paused':
        return { kind: 'stopped' }
      case 'cancelled':
        return {
          kind: 'failed',
          retry: false,
          error: {
            code: 'cancelled',
            message: `job ${record.id} was cancelled`,
            fix: 'Send the file again.',
          },
        }
      default: {
        const error: FerryErrorValue = s.error ?? {
          code: 'internal',
          message: `the transfer ended as ${s.state}`,
          fix: 'Send the file again.',
        }
        if (error.code === 'destination-exists' && (job.recovered || job.attempts > 1)) {
          const own = await this.#ownObject(record, connection)
          if (own) return { kind: 'done', ...own }
        }
        return { kind: 'failed', error, retry: s.state === 'waiting-network' || error.retryable === true }
      }
    }
  }

  /** The newest journal of this job's file and key written since it was submitted. */
  async #journalOf(record: JobRecord): Promise<string | undefined> {
    // One read of the journal folder for all the jobs a restart recovers, not one each.
    this.#journalIndex ??= this.#catalog.summaries().then((all) => {
      const index = new Map<string, TransferSummary[]>()
      for (const s of all) {
        const key = JSON.stringify([s.source, s.bucket, s.key])
        index.set(key, [...(index.get(key) ?? []), s])
      }
      return index
    })
    const since = new Date(record.at - 2_000).toISOString()
    const candidates = (await this.#journalIndex).get(
      JSON.stringify([record.source, record.bucket, record.key]),
    )
    return candidates?.filter((s) => s.createdAt >= since).at(-1)?.id
  }

  /** After kill -9 the old engine pauses its jobs and exits; resuming before then would be refused. */
  async #untilReleased(id: string): Promise<void> {
    const deadline = Date.now() + PREVIOUS_ENGINE_WAIT_MS
    while (Date.now() < deadline) {
      let view
      try {
        view = this.#catalog.read(id)
      } catch {
        return
      }
      if (view.final || !isRunning(view.writer)) return
      await new Promise((r) => setTimeout(r, 100))
    }
  }

  async #ownObject(
    record: JobRecord,
    connection: EngineConnection,
  ): Promise<{ bytes: number; etag: string } | undefined> {
    let client: S3Client | undefined
    try {
      client = createS3Client(connection, { maxSockets: 2 })
      const hints = await this.deps.transfers.partSizesFor(record.bucket, record.key)
      return await storedObjectIsFile(client, record, hints)
    } catch {
      return undefined
    } finally {
      client?.destroy()
    }
  }

  // --- the end of a job ---

  async #finish(job: RuntimeJob, outcome: Exclude<RunOutcome, { kind: 'stopped' }>): Promise<void> {
    const { record } = job
    const finishedAt = Date.now()
    let bytes = outcome.kind === 'done' ? outcome.bytes : 0
    if (outcome.kind === 'failed')
      bytes = await stat(record.source).then(
        (s) => s.size,
        () => 0,
      )
    const timing = timingRecord({
      job: record,
      startedAt: job.startedAt,
      finishedAt,
      bytes,
      result: outcome.kind,
      attempts: job.earlierStarts + job.attempts,
      ...(outcome.kind === 'done'
        ? { etag: outcome.etag }
        : { error: { code: outcome.error.code, message: outcome.error.message } }),
      ...(job.transferId ? { transferId: job.transferId } : {}),
    })
    let result: JobResult =
      outcome.kind === 'done'
        ? { ok: true, bytes: outcome.bytes, etag: outcome.etag }
        : { ok: false, error: outcome.error }
    try {
      await this.deps.queue.finish(timing)
    } catch (e) {
      // Not recorded, so not finished: it runs again on the next start. Say so rather than
      // report an outcome the queue does not hold.
      const error = toErrorValue(e)
      result = { ok: false, error: { ...error, message: `${error.message}; job ${record.id} stays queued` } }
    }
    if (outcome.kind === 'failed')
      this.deps.log(
        `job ${record.id} ${record.source} -> s3://${record.bucket}/${record.key} failed: ${outcome.error.message}`,
      )
    this.deps.onFinished?.(timing)
    for (const w of job.waiters.splice(0)) w(result)
    if (this.deps.keepTransfers) return
    if (job.transferId) this.deps.transfers.forget(job.transferId)
    if (outcome.kind === 'done' && job.transferId && !this.deps.keepJournals) {
      // The timing line holds the outcome now; a journal per object would pile up forever.
      await unlink(journalPath(this.deps.journalDir, job.transferId)).catch(() => {})
    }
  }
}
