// The daemon's side of a job: takes submissions into the durable queue, hands each to the
// transfer scheduler (which queues it with the others, runs it in its one engine process and
// runs it again after a failure for a passing reason), and records each job's end in the
// timing log before anyone hears of it. Hosted by `ferry daemon`, or by the app over its own
// scheduler, so that submitted jobs show in its transfers panel.
import { stat, unlink } from 'node:fs/promises'
import type { S3Client } from '@aws-sdk/client-s3'
import type { TransferSummary, Verification } from '../../shared/domain/transfer'
import type { CustomerKey } from '../../shared/encryption'
import { FerryError, toErrorValue, type FerryErrorValue } from '../../shared/errors'
import type { EngineConnection } from '../../shared/engine-protocol'
import { createS3Client } from '../s3/client-factory'
import { JournalCatalog } from '../journal/catalog'
import type { TransferManager } from '../core/transfers/transfer-manager'
import {
  DEFAULT_RETRY_DELAYS_MS,
  retryAfterDelays,
  type RetryLater,
} from '../core/transfers/transfer-failure'
import { journalPath } from '../journal/journal-writer'
import type { ConnectionForAlias } from './alias-connections'
import type { DurableQueue } from './durable-queue'
import { storedObjectIsFile } from './own-object'
import { checkSendable } from './source-check'
import type { SendRequest } from './protocol'
import { timingRecord, type JobRecord, type OpenJob, type TimingRecord } from './queue-records'

export type JobResult =
  | { ok: true; bytes: number; etag: string; verification: Verification }
  | { ok: false; error: FerryErrorValue }

export interface DaemonServiceDeps {
  queue: DurableQueue
  transfers: TransferManager
  connectionFor: ConnectionForAlias
  journalDir: string
  /** Keep the engine's journal of each finished job (by default a done job's is removed). */
  keepJournals?: boolean
  /** Keep finished jobs' transfers and journals (the app lists them in its transfers panel). */
  keepTransfers?: boolean
  /** Lines for the daemon's stderr: failures, recoveries. */
  log: (line: string) => void
  onFinished?: (timing: TimingRecord) => void
  /** Waits before the scheduler runs again a job that failed for a passing reason (network, engine crash). */
  retryDelaysMs?: readonly number[]
}

export { DEFAULT_RETRY_DELAYS_MS }

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
  /** When its latest run started. */
  startedAt: number
  waiters: ((result: JobResult) => void)[]
  /** The SSE-C key sent with the job: in memory only (a recovered job has none, and says so). */
  customerKey?: CustomerKey
}

type RunOutcome =
  | { kind: 'done'; bytes: number; etag: string; verification: Verification }
  | { kind: 'failed'; error: FerryErrorValue }
  /** Paused because the daemon is stopping: the job stays queued. */
  | { kind: 'stopped' }

const stopping = (job: string): FerryErrorValue => ({
  code: 'paused',
  message: `the daemon stopped before job ${job} finished; it stays queued and runs when the daemon starts again`,
  fix: 'Start the daemon again (ferry daemon &); the job finishes then.',
})

export class DaemonService {
  /** Jobs handed to the scheduler and not finished yet. */
  readonly #open = new Map<string, RuntimeJob>()
  /** Each open job followed to its end (its timing record written). */
  readonly #following = new Set<Promise<void>>()
  readonly #catalog: JournalCatalog
  readonly #retryLater: RetryLater
  #journalIndex: Promise<Map<string, TransferSummary[]>> | undefined
  #closing = false

  constructor(private readonly deps: DaemonServiceDeps) {
    this.#catalog = new JournalCatalog(deps.journalDir)
    this.#retryLater = retryAfterDelays(deps.retryDelaysMs)
  }

  /** Hands the jobs a previous run acknowledged and did not finish to the scheduler, ahead of new ones. */
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
      this.#hand(job)
    }
  }

  get counts(): { pending: number; running: number } {
    let running = 0
    for (const job of this.#open.values()) {
      const state = job.transferId ? this.deps.transfers.get(job.transferId)?.state : undefined
      if (state === 'preparing' || state === 'uploading' || state === 'verifying') running++
    }
    return { pending: this.#open.size - running, running }
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
      ...(request.headers ? { headers: request.headers } : {}),
    })
    const job: RuntimeJob = {
      ...(request.customerKey ? { customerKey: request.customerKey } : {}),
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
    } else this.#hand(job)
    return result ? { job: record.id, result } : { job: record.id }
  }

  /** Stops taking jobs, pauses running transfers (their journals stay resumable), waits for records. */
  async close(): Promise<void> {
    if (this.#closing) return
    this.#closing = true
    await this.deps.transfers.close()
    await Promise.all([...this.#following])
  }

  #hand(job: RuntimeJob): void {
    this.#open.set(job.record.id, job)
    const following = this.#follow(job).finally(() => {
      this.#open.delete(job.record.id)
      this.#following.delete(following)
    })
    this.#following.add(following)
  }

  async #follow(job: RuntimeJob): Promise<void> {
    let outcome: RunOutcome
    try {
      outcome = await this.#transfer(job)
    } catch (e) {
      outcome = { kind: 'failed', error: toErrorValue(e) }
    }
    if (outcome.kind === 'stopped' || (this.#closing && outcome.kind === 'failed')) {
      // Left open in the queue: the next start resumes it from its journal.
      for (const w of job.waiters.splice(0)) w({ ok: false, error: stopping(job.record.id) })
    } else await this.#finish(job, outcome)
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
    const schedule = {
      retryLater: this.#retryLater,
      onStart: (transferId: string) => {
        job.attempts++
        job.startedAt = Date.now()
        // The first run of a job submitted here: recovery finds its transfer by this record.
        if (!job.transferId) {
          job.transferId = transferId
          this.deps.queue.started(record.id, transferId)
        }
      },
    }
    job.startedAt = Date.now()
    let id = job.transferId
    if (id && transfers.knows(id)) {
      // A manager that already runs it (the app resumed it at start) needs no wait.
      if (job.recovered && !transfers.get(id)) await transfers.untilReleased(id, PREVIOUS_ENGINE_WAIT_MS)
      transfers.resume(id, {
        connection,
        ...schedule,
        ...(job.customerKey ? { customerKey: job.customerKey } : {}),
      })
    } else {
      const [summary] = await transfers.upload(
        {
          connection,
          bucket: record.bucket,
          key: record.key,
          paths: [record.source],
          ifExists: record.ifExists,
          headers: { metadata: {}, ...record.headers },
          ...(job.customerKey ? { customerKey: job.customerKey } : {}),
        },
        schedule,
      )
      id = summary!.id
    }
    const result = await transfers.waitFor(id)
    const s = result.summary
    switch (s.state) {
      case 'done':
        return {
          kind: 'done',
          bytes: result.outcome?.bytes ?? s.size,
          etag: result.outcome?.etag ?? s.etag ?? '',
          verification: result.outcome?.verification ??
            s.verification ?? { verified: false, method: 'none', reason: 'not recorded' },
        }
      case 'paused':
        return { kind: 'stopped' }
      case 'cancelled':
        return {
          kind: 'failed',
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
        return { kind: 'failed', error }
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

  async #ownObject(
    record: JobRecord,
    connection: EngineConnection,
  ): Promise<{ bytes: number; etag: string; verification: Verification } | undefined> {
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
      // A job that failed before it could run (its file gone) still made one attempt.
      attempts: job.earlierStarts + Math.max(1, job.attempts),
      ...(outcome.kind === 'done'
        ? { etag: outcome.etag }
        : { error: { code: outcome.error.code, message: outcome.error.message } }),
      ...(job.transferId ? { transferId: job.transferId } : {}),
    })
    let result: JobResult =
      outcome.kind === 'done'
        ? { ok: true, bytes: outcome.bytes, etag: outcome.etag, verification: outcome.verification }
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
