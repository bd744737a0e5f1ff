// The one transfer scheduler: uploads, URL streams, downloads and the daemon's jobs wait in
// one queue (run-queue.ts) and run in one engine process. The engine does the work; this side
// decides what runs when, keeps each transfer's phase and summary, recovers from sleep, the
// network and engine crashes (system-recovery.ts), runs failed transfers again where asked
// (a RetryLater policy), and makes sure no transfer is lost when the engine dies (it becomes
// resumable from its journal).
import type { ParsedRequestOf } from '../../../shared/bridge/contract'
import type { TransferState, TransferSummary } from '../../../shared/domain/transfer'
import { FerryError } from '../../../shared/errors'
import { FINISHED_STATES } from '../../../shared/transfer-groups'
import type { DownloadOutcome, EngineConnection } from '../../../shared/engine-protocol'
import { cancelPending, clearCancelPending } from '../../journal/cancel-marks'
import type { JournalConnection } from '../../journal/journal'
import type { ChangeListener } from './change-feed'
import { connectionForJournal, savedConnection, type ConnectionResolver } from './connection-resolution'
import type { EngineDownload } from './engine-downloads'
import { cancelTransfer, pauseTransfer } from './pause-cancel'
import { RunScheduler } from './run-scheduler'
import type { ScheduleOptions, TransferManagerDeps } from './scheduler-options'
import { planStreamTransfer, type StreamInput } from './stream-transfers'
import { newEntry, resultOf, type Entry, type TransferResult } from './transfer-entry'
import { classifyFailure } from './transfer-failure'
import { inFlight, isSettled, resumeWhenPaused, type Action, type ResumeOptions } from './transfer-phase'
import { UploadIntake } from './upload-intake'
import { planUpload, queuedUploads, type PlannedUpload, type UploadInput } from './upload-plan'

export type {
  ConnectionResolver,
  EngineDownload,
  PlannedUpload,
  ResumeOptions,
  ScheduleOptions,
  TransferManagerDeps,
  TransferResult,
  UploadInput,
}
export { DEFAULT_MAX_ACTIVE_FILES, MAX_ACTIVE_FILES } from './run-queue'

const ACTIVE: ReadonlySet<TransferState> = new Set([
  'queued',
  'preparing',
  'uploading',
  'downloading',
  'verifying',
])

export class TransferManager {
  readonly #s: RunScheduler
  readonly #unsubscribe: (() => void)[] = []
  readonly #intake: UploadIntake

  constructor(private readonly deps: TransferManagerDeps) {
    this.#s = new RunScheduler(deps, {
      resume: (id, options) => this.resume(id, options),
      cancel: (id) => this.cancel(id),
      credentialsRefreshed: (connection) => this.credentialsRefreshed(connection),
    })
    this.#intake = new UploadIntake(this.#s)
    const system = deps.system
    if (system && this.#s.recover) {
      this.#unsubscribe.push(
        system.on('suspend', () => this.#s.recovery.hold('suspend')),
        system.on('offline', () => this.#s.recovery.hold('offline')),
        system.on('resume', () => this.#s.recovery.release('suspend')),
        system.on('online', () => this.#s.recovery.release('offline')),
      )
    } else if (system) {
      // Back online or awake: transfers that ran out of network retries carry on by themselves.
      const retry = () => this.#resumeWaiting()
      this.#unsubscribe.push(system.on('online', retry), system.on('resume', retry))
    }
    if (deps.resumeOnStart) void this.resumeUnfinished()
  }

  /** Resumes the transfers an earlier run left (a quit, a crash); those that cannot be stay as they are. */
  async resumeUnfinished(): Promise<{ resumed: string[]; skipped: { id: string; reason: string }[] }> {
    const resumed: string[] = []
    const skipped: { id: string; reason: string }[] = []
    for (const id of await this.resumable()) {
      if (this.#s.closed) break
      try {
        this.resume(id)
        resumed.push(id)
      } catch (e) {
        skipped.push({ id, reason: e instanceof Error ? e.message : String(e) })
      }
    }
    // Cancelled by the person, the upload not aborted then: the cancel is tried again, never a resume.
    for (const id of await this.#s.journals.cancelsPending()) if (!this.#s.closed) this.cancel(id)
    return { resumed, skipped }
  }

  /** Whether the person cancelled this transfer and its cancel has not finished (cancel-marks.ts). */
  cancelPending(id: string): boolean {
    return cancelPending(this.deps.journalDir, id)
  }

  get journalDir(): string {
    return this.deps.journalDir
  }

  /** Transfers of this session and every journaled one on disk (the CLI's and the app's). */
  async list(): Promise<TransferSummary[]> {
    const onDisk = await this.#s.journals.summaries()
    const byId = new Map(onDisk.map((s) => [s.id, s]))
    for (const [id, entry] of this.#s.entries) byId.set(id, { ...entry.summary })
    return [...byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt))
  }

  /** Journaled transfers that can be resumed (no final record, no live process; journal-front.ts). */
  resumable(): Promise<string[]> {
    return this.#s.journals.resumable()
  }

  /** Throws when `id` is a stream that an unfinished move or copy set settles itself. */
  readonly assertNotSetStream = (id: string): Promise<void> => this.#s.journals.assertNotSetStream(id)

  /**
   * Forgets finished transfers: deletes the journals of those done or cancelled, and drops
   * them from memory, including those that ended before they had a journal (refused or
   * cancelled while queued).
   */
  async clearFinished(): Promise<string[]> {
    const removed = new Set(await this.#s.journals.clearFinished())
    for (const [id, entry] of this.#s.entries) {
      if (inFlight(entry.phase)) continue
      if (removed.has(id) || FINISHED_STATES.has(entry.summary.state)) {
        this.#s.entries.delete(id)
        removed.add(id)
      }
    }
    return [...removed]
  }

  /**
   * Drops a settled transfer from memory, journal untouched: for a long-running host (the
   * daemon) that keeps its own record of each transfer and would otherwise grow forever.
   */
  forget(id: string): void {
    const entry = this.#s.entries.get(id)
    if (entry && !inFlight(entry.phase) && !ACTIVE.has(entry.summary.state)) this.#s.entries.delete(id)
  }

  /** Where a journaled transfer's upload lives (no secrets: the journal holds none). */
  journalConnection(id: string): JournalConnection {
    return this.#s.journals.connection(id)
  }

  /** An SSE-C upload whose key this session does not hold: its resume must be given the key. */
  needsCustomerKey(id: string): boolean {
    if (this.#s.entries.get(id)?.customerKey) return false
    try {
      return this.#s.journals.read(id).header.headers.encryption?.kind === 'sse-c'
    } catch {
      // No journal (or a damaged one): the resume itself says so.
      return false
    }
  }

  /** Part sizes journaled for an object, for verifying it without guessing. */
  partSizesFor(bucket: string, key: string): Promise<number[]> {
    return this.#s.journals.partSizesFor(bucket, key)
  }

  /** Whether this session or a journal on disk knows the transfer. */
  knows(id: string): boolean {
    return this.#s.entries.has(id) || this.#s.journals.exists(id)
  }

  /**
   * Resolves once no other live process writes this transfer's journal, or after timeoutMs:
   * a daemon restarted after kill -9 waits for its old engine to pause its jobs and exit, as
   * resuming before then would be refused.
   */
  async untilReleased(id: string, timeoutMs = 30_000, everyMs = 100): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline && this.#s.journals.heldElsewhere(id))
      await new Promise((r) => setTimeout(r, everyMs))
  }

  get(id: string): TransferSummary | undefined {
    const entry = this.#s.entries.get(id)
    return entry ? { ...entry.summary } : undefined
  }

  /**
   * What an upload would send, checked as upload() checks it (headers, paths, keys, part
   * sizes), without journaling or queuing anything: `ferry upload --dry-run`.
   */
  async plan(request: UploadInput | ParsedRequestOf<'transfers:upload'>): Promise<PlannedUpload> {
    this.#assertOpen()
    return planUpload(request, this.#s.connectionOf(request))
  }

  async upload(
    request: UploadInput | ParsedRequestOf<'transfers:upload'>,
    options: ScheduleOptions = {},
  ): Promise<TransferSummary[]> {
    this.#intake.prepareEarly(request)
    const planned = queuedUploads(request, await this.plan(request))
    return this.#intake.accept(planned, options, () => this.#assertOpen())
  }

  /**
   * Runs a download in the engine process, queued with the uploads (the download center keeps
   * its summary). Resolves with the outcome; rejects when it fails or is stopped (stopDownload).
   */
  download(request: EngineDownload): Promise<DownloadOutcome> {
    this.#assertOpen()
    return this.#s.downloads.add(request)
  }

  /** Stops a queued or running download; its partial file and journal stay for the next run. */
  stopDownload(transferId: string): void {
    this.#s.downloads.stop(transferId)
  }

  /** Streams a URL into one object (ferry stream, "Upload from URL..."). */
  stream(input: StreamInput): TransferSummary {
    this.#assertOpen()
    const planned = planStreamTransfer(input, this.#s.connectionOf(input))
    const entry = newEntry(planned.summary, planned.job.connection, planned.tuning, 0)
    entry.reservation = planned.reservation
    entry.streamJob = planned.job
    if (planned.job.customerKey) entry.customerKey = planned.job.customerKey
    entry.phase = { kind: 'queued', action: { kind: 'stream', job: planned.job } }
    this.#s.enqueue(entry)
    this.#s.pump()
    return { ...planned.summary }
  }

  /** Pauses a running or queued transfer: in-flight requests stop, the upload id and journal stay. */
  pause(id: string): void {
    pauseTransfer(this.#s, id)
  }

  /**
   * Resumes a transfer of this session or any journaled one. Throws at once (not-found,
   * journal-corrupt, cancelled, running elsewhere, no credentials); how the run ends shows in
   * the summary and in waitFor().
   */
  resume(id: string, options: ResumeOptions = {}): void {
    this.#assertOpen()
    // Asked for by the person for this transfer: a cancel that did not finish is undone.
    clearCancelPending(this.deps.journalDir, id)
    let entry = this.#s.entries.get(id)
    if (entry) scheduleAs(entry, options)
    if (entry?.phase.kind === 'running') {
      entry.phase = resumeWhenPaused(entry.phase, options) ?? entry.phase
      return
    }
    if (entry?.phase.kind === 'queued') return
    if (entry?.phase.kind === 'retrying') entry.phase.cancel()
    // A transfer of this session the engine never started runs its job; any other resumes.
    const journaled = entry?.job ? this.#s.engineJournaled(entry) : this.#s.journals.exists(id)
    if (!entry) {
      const { view, summary } = this.#s.journals.resumableView(id)
      const connection =
        options.connection ?? connectionForJournal(this.deps.connections, view.header.connection)
      entry = newEntry(summary, connection, { ...view.header.tuning, ...options.tuning }, view.header.size)
      scheduleAs(entry, options)
      this.#s.entries.set(id, entry)
      if (view.final?.status === 'done') {
        // Nothing left to do; answer from the journal without starting the engine.
        this.#s.settle(entry, { kind: 'done' })
        return
      }
    } else if (options.connection) {
      entry.connection = options.connection
    }
    if (options.tuning) entry.tuning = { ...entry.tuning, ...options.tuning }
    if (options.customerKey) entry.customerKey = options.customerKey
    let action: Action
    if (journaled) action = { kind: 'resume' }
    else if (entry.job)
      action = { kind: 'upload', job: { ...entry.job, connection: entry.connection, ...entry.tuning } }
    else if (entry.streamJob)
      action = { kind: 'stream', job: { ...entry.streamJob, connection: entry.connection, ...entry.tuning } }
    else throw this.#s.journals.unknown(id)
    entry.phase = { kind: 'queued', action }
    delete entry.summary.error
    entry.summary.state = 'queued'
    this.#s.queue.push({ id, kind: 'transfer' })
    this.#s.touch(entry)
    this.#s.pump()
  }

  /**
   * Fresh credentials for a store (after an SSO sign-in, or keys the person typed again):
   * every transfer waiting in 'needs-credentials' for that endpoint resumes with them.
   * Returns the ids resumed.
   */
  credentialsRefreshed(target: { connectionId: string } | EngineConnection): string[] {
    this.#assertOpen()
    const connection =
      'connectionId' in target ? savedConnection(this.deps.connections, target.connectionId) : target
    const resumed: string[] = []
    for (const [id, entry] of this.#s.entries) {
      if (entry.summary.state !== 'needs-credentials' || entry.phase.kind === 'running') continue
      const same =
        'connectionId' in target
          ? entry.summary.connectionId === target.connectionId
          : entry.connection.endpoint === connection.endpoint && entry.connection.region === connection.region
      if (!same) continue
      if (entry.phase.kind === 'held') entry.phase = { kind: 'idle' }
      entry.connection = connection
      try {
        this.resume(id, { connection })
        resumed.push(id)
      } catch (e) {
        this.#s.fail(entry, e)
      }
    }
    return resumed
  }

  /** Cancels a transfer: stops it, aborts its multipart upload, closes its journal as cancelled. */
  cancel(id: string, options: { connection?: EngineConnection } = {}): void {
    cancelTransfer(this.#s, this.deps.connections, id, options)
  }

  /**
   * Resolves when the transfer's current run ends (done, failed, paused or cancelled). A cancel
   * on its way to the engine is waited for: the caller learns whether the upload was aborted.
   */
  waitFor(id: string): Promise<TransferResult> {
    const entry = this.#s.entries.get(id)
    if (!entry) return Promise.reject(this.#s.journals.unknown(id))
    const phase = entry.phase
    const now = isSettled(phase) || (phase.kind === 'idle' && !ACTIVE.has(entry.summary.state))
    if (now) return Promise.resolve(resultOf(entry))
    return new Promise((resolve) => entry.waiters.push(resolve))
  }

  onChanged(listener: ChangeListener): () => void {
    return this.#s.feed.subscribe(listener)
  }

  /** Pauses what runs (journals stay resumable), stops the engine, sends the last changes. */
  async close(): Promise<void> {
    if (this.#s.closed) return
    this.#s.closed = true
    // Queued files still being journaled: once on disk, they resume at the next start.
    await this.#intake.journaled()
    this.#s.credentials.close()
    for (const off of this.#unsubscribe) off()
    this.#s.recovery.wakeAll()
    this.#s.downloads.stopQueued()
    for (const id of this.#s.queue.ids()) {
      const entry = this.#s.entries.get(id)
      if (entry && this.#s.dequeue(id)) this.#s.settle(entry, { kind: 'paused' })
    }
    const running = [...this.#s.entries.values()].filter((e) => e.phase.kind === 'running')
    for (const entry of running) this.#s.link.post({ type: 'pause', transferId: entry.summary.id })
    await Promise.race([
      Promise.all(running.map((e) => new Promise((r) => e.waiters.push(r)))),
      new Promise((r) => setTimeout(r, 10_000).unref()),
    ])
    await this.#s.link.close()
    // Those waiting for the network or a retry stay resumable from their journals; their waiters learn it now.
    for (const entry of this.#s.entries.values()) {
      const phase = entry.phase
      if (phase.kind === 'held') this.#s.settle(entry, { kind: 'let-go', reason: phase.reason })
      else if (phase.kind === 'retrying') {
        phase.cancel()
        this.#s.settle(entry, { kind: 'failed', error: phase.error, failure: classifyFailure(phase.error) })
      }
    }
    this.#s.feed.flush()
  }

  // --- internals ---

  #assertOpen(): void {
    if (this.#s.closed)
      throw new FerryError({
        code: 'internal',
        message: 'the transfer manager is closed',
        fix: 'Restart Ferry.',
      })
  }

  #resumeWaiting(): void {
    for (const [id, entry] of this.#s.entries) {
      if (entry.summary.state === 'waiting-network' && entry.phase.kind !== 'running') {
        try {
          this.resume(id)
        } catch {
          // It stays waiting; the person can resume it by hand.
        }
      }
    }
  }
}

function scheduleAs(entry: Entry, options: ResumeOptions): void {
  if (options.retryLater) entry.schedule.retryLater = options.retryLater
  if (options.onStart) entry.schedule.onStart = options.onStart
}
