// The one transfer scheduler: uploads, URL streams, downloads and the daemon's jobs wait in
// one queue (run-queue.ts) and run in one engine process. The engine does the work; this side
// decides what runs when, keeps each transfer's phase and summary, recovers from sleep, the
// network and engine crashes (system-recovery.ts), runs failed transfers again where asked
// (a RetryLater policy), and makes sure no transfer is lost when the engine dies (it becomes
// resumable from its journal).
import { FIRST_JOURNALED, forgetQueued, journalQueued, journalRest } from './queued-journals'
import type { ParsedRequestOf } from '../../../shared/bridge/contract'
import type { TransferState, TransferSummary } from '../../../shared/domain/transfer'
import { assertNever, FerryError, toErrorValue, type FerryErrorValue } from '../../../shared/errors'
import {
  credentialSourceOf,
  type DownloadOutcome,
  type EngineConnection,
  type EngineReply,
} from '../../../shared/engine-protocol'
import { summaryFromJournal } from '../../journal/catalog'
import type { HeaderRecord, JournalConnection } from '../../journal/journal'
import { batchOf } from '../../journal/journal-batch'
import type { EngineLauncher, SystemEvents } from '../ports'
import { CredentialRefresh, type CredentialSource } from './credential-refresh'
import { EngineLink } from './engine-link'
import { ChangeFeed, type ChangeListener } from './change-feed'
import {
  connectionForJournal,
  connectionOf,
  savedConnection,
  type ConnectionChoice,
  type ConnectionResolver,
} from './connection-resolution'
import { probeEndpoint, type EndpointProbe } from './endpoint-probe'
import { EngineDownloads, type EngineDownload } from './engine-downloads'
import { JournalFront } from './journal-front'
import type { RestartLimit } from './restart-guard'
import {
  DEFAULT_MAX_ACTIVE_FILES,
  MAX_ACTIVE_DOWNLOADS,
  RunQueue,
  downloadFits,
  uploadFits,
  type Verdict,
} from './run-queue'
import { planStreamTransfer, type StreamInput } from './stream-transfers'
import { SystemRecovery } from './system-recovery'
import {
  applyEvent,
  applyOutcome,
  newEntry,
  resultOf,
  type Entry,
  type TransferResult,
} from './transfer-entry'
import { classifyFailure, failedState, type FailureClass, type RetryLater } from './transfer-failure'
import {
  holdAfterRun,
  inFlight,
  isSettled,
  pauseRunning,
  resumeWhenPaused,
  settledState,
  type Action,
  type ResumeOptions,
  type SettledPhase,
} from './transfer-phase'
import { runOnce } from './transfer-run'
import { planUpload, queuedUploads, type PlannedUpload, type UploadInput } from './upload-plan'

export type { ConnectionResolver, EngineDownload, PlannedUpload, ResumeOptions, TransferResult, UploadInput }
export { DEFAULT_MAX_ACTIVE_FILES, MAX_ACTIVE_FILES } from './run-queue'

export interface TransferManagerDeps {
  launchEngine: EngineLauncher
  /** Saved connections; the CLI has none and passes a connection with each request. */
  connections?: ConnectionResolver
  system?: SystemEvents
  /** Folder of the append-only transfer journals. */
  journalDir: string
  /** Files transferred at once (each with its own part concurrency), within the memory budget. */
  maxActiveFiles?: number
  /** Downloads at once (default 3). */
  maxActiveDownloads?: number
  /** How often change events go out at most (default 100 ms: about ten a second). */
  changeIntervalMs?: number
  /**
   * Carry on without the person (default: on when `system` is given, as in the app): a
   * suspend pauses transfers and a wake resumes them once the endpoint answers; offline
   * pauses them until the endpoint answers (probed at once, and again on online: a store on
   * this machine still answers when the OS says offline); transfers out of network retries
   * wait for the endpoint instead of settling; transfers whose credentials expired wait in
   * needs-credentials for credentialsRefreshed();
   * a crashed engine is restarted (within restartLimit) and its transfers resumed. Off, a
   * run that ends for any reason settles (or, given a RetryLater, runs again after a wait)
   * and waitFor() resolves (the CLI and the daemon).
   */
  recover?: boolean
  /** At most this many engine crashes in a window before transfers fail (default 3 a minute). */
  restartLimit?: RestartLimit
  /** Checks that an endpoint answers again (default: a GET of its root). */
  probe?: EndpointProbe
  /** Resume every unfinished journaled transfer when the manager starts (default off: they stay paused). */
  resumeOnStart?: boolean
  /** Where profile credentials come from (default: the SDK's chain), and how often a sign-in is looked for. */
  credentialSource?: CredentialSource
  credentialPollMs?: number
}

/** How a transfer is scheduled beyond its request. */
export interface ScheduleOptions {
  /** Run it again after a failure a later run may get past (the daemon's jobs); default: never. */
  retryLater?: RetryLater
}

const ACTIVE: ReadonlySet<TransferState> = new Set([
  'queued',
  'preparing',
  'uploading',
  'downloading',
  'verifying',
])

export class TransferManager {
  readonly #entries = new Map<string, Entry>()
  readonly #queue = new RunQueue()
  readonly #journals: JournalFront
  readonly #link: EngineLink
  readonly #unsubscribe: (() => void)[] = []
  #reserved = 0
  /** Queued journals still being written (journalRest). */
  readonly #journaling = new Set<Promise<void>>()
  #active = 0
  #closed = false
  readonly #recover: boolean
  readonly #feed: ChangeFeed
  readonly #recovery: SystemRecovery
  readonly #credentials: CredentialRefresh
  readonly #downloads: EngineDownloads

  constructor(private readonly deps: TransferManagerDeps) {
    this.#journals = new JournalFront(deps.journalDir)
    this.#feed = new ChangeFeed((id) => this.#entries.get(id)?.summary, deps.changeIntervalMs)
    this.#link = new EngineLink(deps.launchEngine, (m) => {
      if (this.#downloads.onEvent(m)) return
      const entry = this.#entries.get(m.transferId)
      if (entry?.phase.kind !== 'running') return
      applyEvent(entry, m)
      this.#touch(entry)
    })
    this.#recover = deps.recover ?? deps.system !== undefined
    this.#recovery = new SystemRecovery(
      {
        entries: () => this.#entries.values(),
        pauseInEngine: (transferId) => this.#link.post({ type: 'pause', transferId }),
        resume: (id) => this.resume(id),
        fail: (entry, e) => this.#fail(entry, e),
        touch: (entry) => this.#touch(entry),
        pump: () => this.#pump(),
        closed: () => this.#closed,
        crashes: () => this.#link.crashes,
      },
      deps.probe ?? probeEndpoint,
      deps.restartLimit,
    )
    this.#downloads = new EngineDownloads({
      link: this.#link,
      connectionOf: (request) => this.#connectionOf(request),
      prepare: (connection) => this.#credentials.prepare(connection),
      enqueue: (id) => this.#queue.push({ id, kind: 'download' }),
      dequeue: (id) => this.#queue.remove(id),
      pump: () => this.#pump(),
    })
    this.#credentials = new CredentialRefresh({
      ...(deps.credentialSource ? { source: deps.credentialSource } : {}),
      ...(deps.credentialPollMs ? { personPollMs: deps.credentialPollMs } : {}),
      resumesByItself: this.#recover,
      push: (connection) => this.#link.post({ type: 'credentials', connection }),
      restored: (connection) => {
        if (!this.#closed) this.credentialsRefreshed(connection)
      },
      inUse: (source) =>
        [...this.#entries.values()].some(
          (e) =>
            (inFlight(e.phase) || e.phase.kind === 'held') && credentialSourceOf(e.connection) === source,
        ),
    })
    const system = deps.system
    if (system && this.#recover) {
      this.#unsubscribe.push(
        system.on('suspend', () => this.#recovery.hold('suspend')),
        system.on('offline', () => this.#recovery.hold('offline')),
        system.on('resume', () => this.#recovery.release('suspend')),
        system.on('online', () => this.#recovery.release('offline')),
      )
    } else if (system) {
      // Back online or awake: transfers that ran out of network retries carry on by themselves.
      const retry = () => this.#resumeWaiting()
      this.#unsubscribe.push(system.on('online', retry), system.on('resume', retry))
    }
    if (deps.resumeOnStart) void this.resumeUnfinished()
  }

  /**
   * Resumes every journaled transfer left unfinished by an earlier run (a quit or a crash).
   * Those that cannot be (no credentials for their endpoint, running elsewhere) stay as they are.
   */
  async resumeUnfinished(): Promise<{ resumed: string[]; skipped: { id: string; reason: string }[] }> {
    const resumed: string[] = []
    const skipped: { id: string; reason: string }[] = []
    for (const id of await this.resumable()) {
      if (this.#closed) break
      try {
        this.resume(id)
        resumed.push(id)
      } catch (e) {
        skipped.push({ id, reason: e instanceof Error ? e.message : String(e) })
      }
    }
    return { resumed, skipped }
  }

  get journalDir(): string {
    return this.deps.journalDir
  }

  /** Transfers of this session and every journaled one on disk (the CLI's and the app's). */
  async list(): Promise<TransferSummary[]> {
    const onDisk = await this.#journals.summaries()
    const byId = new Map(onDisk.map((s) => [s.id, s]))
    for (const [id, entry] of this.#entries) byId.set(id, { ...entry.summary })
    return [...byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt))
  }

  /** Journaled transfers that can be resumed (no final record, no live process). */
  resumable(): Promise<string[]> {
    return this.#journals.resumable()
  }

  /** Forgets finished transfers: deletes the journals of those done or cancelled. */
  async clearFinished(): Promise<string[]> {
    const removed = await this.#journals.clearFinished()
    for (const id of removed) {
      const entry = this.#entries.get(id)
      if (entry && !inFlight(entry.phase)) this.#entries.delete(id)
    }
    return removed
  }

  /**
   * Drops a settled transfer from memory, journal untouched: for a long-running host (the
   * daemon) that keeps its own record of each transfer and would otherwise grow forever.
   */
  forget(id: string): void {
    const entry = this.#entries.get(id)
    if (entry && !inFlight(entry.phase) && !ACTIVE.has(entry.summary.state)) this.#entries.delete(id)
  }

  /** Where a journaled transfer's upload lives (no secrets: the journal holds none). */
  journalConnection(id: string): JournalConnection {
    return this.#journals.connection(id)
  }

  /** Part sizes journaled for an object, for verifying it without guessing. */
  partSizesFor(bucket: string, key: string): Promise<number[]> {
    return this.#journals.partSizesFor(bucket, key)
  }

  /** Whether this session or a journal on disk knows the transfer. */
  knows(id: string): boolean {
    return this.#entries.has(id) || this.#journals.exists(id)
  }

  /**
   * Resolves once no other live process writes this transfer's journal, or after timeoutMs:
   * a daemon restarted after kill -9 waits for its old engine to pause its jobs and exit, as
   * resuming before then would be refused.
   */
  async untilReleased(id: string, timeoutMs = 30_000, everyMs = 100): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline && this.#journals.heldElsewhere(id))
      await new Promise((r) => setTimeout(r, everyMs))
  }

  get(id: string): TransferSummary | undefined {
    const entry = this.#entries.get(id)
    return entry ? { ...entry.summary } : undefined
  }

  /**
   * What an upload would send, checked as upload() checks it (headers, paths, keys, part
   * sizes), without journaling or queuing anything: `ferry upload --dry-run`.
   */
  async plan(request: UploadInput | ParsedRequestOf<'transfers:upload'>): Promise<PlannedUpload> {
    this.#assertOpen()
    return planUpload(request, this.#connectionOf(request))
  }

  async upload(
    request: UploadInput | ParsedRequestOf<'transfers:upload'>,
    options: ScheduleOptions = {},
  ): Promise<TransferSummary[]> {
    this.#prepareEarly(request)
    const planned = queuedUploads(request, await this.plan(request))
    const created: TransferSummary[] = []
    // Journaled before it can start: a process that dies leaves every file resumable. A batch of
    // small files (one write) and the first files with journals of their own now, the rest of
    // those while the first upload.
    const solo = planned.filter((p) => !batchOf(p.header.transferId))
    const rest = solo.slice(FIRST_JOURNALED)
    await journalQueued(this.deps.journalDir, [
      ...planned.filter((p) => batchOf(p.header.transferId)).map((p) => p.header),
      ...solo.slice(0, FIRST_JOURNALED).map((p) => p.header),
    ])
    this.#assertOpen()
    for (const { entry } of rest) entry.queuedJournal = 'writing'
    for (const { entry } of planned) {
      if (options.retryLater) entry.retryLater = options.retryLater
      this.#entries.set(entry.summary.id, entry)
      this.#queue.push({ id: entry.summary.id, kind: 'transfer' })
      this.#touch(entry)
      created.push({ ...entry.summary })
    }
    this.#pump()
    if (rest.length > 0) this.#journalRest(rest.map((p) => p.header))
    return created
  }

  /**
   * Resolves the credentials while the files are walked and journaled rather than after, when
   * the first file asks: the SDK's chain then loads its providers and reads ~/.aws through the
   * thread pool behind the walk's stats and the journals, which held the first file back by
   * 270 to 345 ms in a folder of 1,000. A failure is left for the first file to meet and report.
   */
  #prepareEarly(request: ConnectionChoice): void {
    let connection: EngineConnection
    try {
      connection = this.#connectionOf(request)
    } catch {
      return // plan() reports it
    }
    this.#credentials.prepare(connection).catch(() => {})
  }

  #journalRest(headers: HeaderRecord[]): void {
    const cancelled = (id: string) => this.#entries.get(id)?.summary.state === 'cancelled'
    const writing = journalRest(this.deps.journalDir, headers, {
      wanted: (id) => !cancelled(id),
      journaled: (ids) => {
        for (const id of ids) {
          const entry = this.#entries.get(id)
          if (entry) entry.queuedJournal = 'written'
          // Cancelled while its journal was being written.
          if (cancelled(id)) forgetQueued(this.deps.journalDir, id)
        }
        this.#pump()
      },
      failed: (ids, error) => {
        for (const id of ids) {
          const entry = this.#entries.get(id)
          if (!entry || cancelled(id)) continue
          this.#dequeue(id)
          // A retry starts it without a queued journal, as the engine journals it at its start.
          entry.queuedJournal = 'written'
          this.#fail(entry, error)
        }
        this.#pump()
      },
    })
    this.#journaling.add(writing)
    void writing.finally(() => this.#journaling.delete(writing))
  }

  /**
   * Runs a download in the engine process, queued with the uploads (the download center keeps
   * its summary). Resolves with the outcome; rejects when it fails or is stopped (stopDownload).
   */
  download(request: EngineDownload): Promise<DownloadOutcome> {
    this.#assertOpen()
    return this.#downloads.add(request)
  }

  /** Stops a queued or running download; its partial file and journal stay for the next run. */
  stopDownload(transferId: string): void {
    this.#downloads.stop(transferId)
  }

  /** Streams a URL into one object (ferry stream, "Upload from URL..."). */
  stream(input: StreamInput): TransferSummary {
    this.#assertOpen()
    const planned = planStreamTransfer(input, this.#connectionOf(input))
    const entry = newEntry(planned.summary, planned.job.connection, planned.tuning, 0)
    entry.reservation = planned.reservation
    entry.streamJob = planned.job
    entry.phase = { kind: 'queued', action: { kind: 'stream', job: planned.job } }
    this.#entries.set(planned.summary.id, entry)
    this.#queue.push({ id: planned.summary.id, kind: 'transfer' })
    this.#touch(entry)
    this.#pump()
    return { ...planned.summary }
  }

  /** Pauses a running or queued transfer: in-flight requests stop, the upload id and journal stay. */
  pause(id: string): void {
    const entry = this.#entries.get(id)
    if (!entry) {
      if (!this.#journals.exists(id)) throw this.#journals.unknown(id)
      return
    }
    const phase = entry.phase
    switch (phase.kind) {
      case 'running':
        this.#link.post({ type: 'pause', transferId: id })
        entry.phase = pauseRunning()
        return
      case 'queued':
        this.#dequeue(id)
        this.#settle(entry, { kind: 'paused' })
        return
      case 'retrying':
        phase.cancel()
        this.#settle(entry, { kind: 'paused' })
        return
      case 'held':
        this.#settle(entry, { kind: 'paused' })
        return
      case 'idle':
      case 'cancelling':
      case 'done':
      case 'paused':
      case 'cancelled':
      case 'failed':
      case 'let-go':
        return
      default:
        assertNever(phase)
    }
  }

  /**
   * Resumes a transfer of this session or any journaled one. Throws at once (not-found,
   * journal-corrupt, cancelled, running elsewhere, no credentials); how the run ends shows in
   * the summary and in waitFor().
   */
  resume(id: string, options: ResumeOptions = {}): void {
    this.#assertOpen()
    let entry = this.#entries.get(id)
    if (entry?.phase.kind === 'running') {
      entry.phase = resumeWhenPaused(entry.phase, options) ?? entry.phase
      return
    }
    if (entry?.phase.kind === 'queued') return
    if (entry?.phase.kind === 'retrying') entry.phase.cancel()
    // A transfer of this session the engine never started runs its job; any other resumes.
    const journaled = entry?.job ? this.#engineJournaled(entry) : this.#journals.exists(id)
    if (!entry) {
      const { view, summary } = this.#journals.resumableView(id)
      const connection =
        options.connection ?? connectionForJournal(this.deps.connections, view.header.connection)
      entry = newEntry(summary, connection, { ...view.header.tuning, ...options.tuning }, view.header.size)
      this.#entries.set(id, entry)
      if (view.final?.status === 'done') {
        // Nothing left to do; answer from the journal without starting the engine.
        this.#settle(entry, { kind: 'done' })
        return
      }
    } else if (options.connection) {
      entry.connection = options.connection
    }
    if (options.tuning) entry.tuning = { ...entry.tuning, ...options.tuning }
    let action: Action
    if (journaled) action = { kind: 'resume' }
    else if (entry.job)
      action = { kind: 'upload', job: { ...entry.job, connection: entry.connection, ...entry.tuning } }
    else if (entry.streamJob)
      action = { kind: 'stream', job: { ...entry.streamJob, connection: entry.connection, ...entry.tuning } }
    else throw this.#journals.unknown(id)
    entry.phase = { kind: 'queued', action }
    delete entry.summary.error
    entry.summary.state = 'queued'
    this.#queue.push({ id, kind: 'transfer' })
    this.#touch(entry)
    this.#pump()
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
    for (const [id, entry] of this.#entries) {
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
        this.#fail(entry, e)
      }
    }
    return resumed
  }

  /** Cancels a transfer: stops it, aborts its multipart upload, closes its journal as cancelled. */
  cancel(id: string, options: { connection?: EngineConnection } = {}): void {
    let entry = this.#entries.get(id)
    if (entry) {
      const phase = entry.phase
      // Ferry no longer resumes it by itself.
      if (phase.kind === 'held') entry.phase = { kind: 'idle' }
      else if (phase.kind === 'retrying') {
        phase.cancel()
        entry.phase = { kind: 'idle' }
      } else if (phase.kind === 'running' && phase.stopping)
        entry.phase = { kind: 'running', stopping: { ...phase.stopping, by: 'person' } }
    }
    if (entry?.summary.state === 'cancelled') return
    if (entry?.summary.state === 'done' && entry.phase.kind !== 'running') {
      throw new FerryError({
        code: 'bad-input',
        message: `transfer ${id} already finished`,
        fix: 'Delete the object instead if it should not be there.',
      })
    }
    if (entry && entry.phase.kind !== 'running') {
      this.#dequeue(id)
      // Never started: nothing exists on the server to abort.
      if (!this.#engineJournaled(entry)) {
        forgetQueued(this.deps.journalDir, id)
        this.#settle(entry, { kind: 'cancelled' })
        return
      }
    }
    if (!entry) {
      const view = this.#journals.read(id)
      if (view.final) return
      let connection = options.connection
      if (!connection && view.header.uploadId)
        connection = connectionForJournal(this.deps.connections, view.header.connection)
      entry = newEntry(
        summaryFromJournal(view, false),
        connection ?? { endpoint: '', region: '', pathStyle: false },
        view.header.tuning,
        view.header.size,
      )
      this.#entries.set(id, entry)
    } else if (options.connection) entry.connection = options.connection
    const target = entry
    if (target.phase.kind !== 'running') target.phase = { kind: 'cancelling' }
    void this.#link
      .request({
        type: 'cancel',
        transferId: id,
        journalDir: this.deps.journalDir,
        connection: target.connection,
      })
      .then((reply) => {
        if (target.phase.kind !== 'running') this.#settle(target, settledPhaseOf(target, reply))
      })
  }

  /** Resolves when the transfer's current run ends (done, failed, paused or cancelled). */
  waitFor(id: string): Promise<TransferResult> {
    const entry = this.#entries.get(id)
    if (!entry) return Promise.reject(this.#journals.unknown(id))
    const phase = entry.phase
    const now =
      isSettled(phase) ||
      ((phase.kind === 'idle' || phase.kind === 'cancelling') && !ACTIVE.has(entry.summary.state))
    if (now) return Promise.resolve(resultOf(entry))
    return new Promise((resolve) => entry.waiters.push(resolve))
  }

  onChanged(listener: ChangeListener): () => void {
    return this.#feed.subscribe(listener)
  }

  /** Pauses what runs (journals stay resumable), stops the engine, sends the last changes. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    // Queued files still being journaled: once on disk, they resume at the next start.
    await Promise.allSettled([...this.#journaling])
    this.#credentials.close()
    for (const off of this.#unsubscribe) off()
    this.#recovery.wakeAll()
    this.#downloads.stopQueued()
    for (const id of this.#queue.ids()) {
      const entry = this.#entries.get(id)
      if (entry && this.#dequeue(id)) this.#settle(entry, { kind: 'paused' })
    }
    const running = [...this.#entries.values()].filter((e) => e.phase.kind === 'running')
    for (const entry of running) this.#link.post({ type: 'pause', transferId: entry.summary.id })
    await Promise.race([
      Promise.all(running.map((e) => new Promise((r) => e.waiters.push(r)))),
      new Promise((r) => setTimeout(r, 10_000).unref()),
    ])
    await this.#link.close()
    // Those waiting for the network or a retry stay resumable from their journals; their waiters learn it now.
    for (const entry of this.#entries.values()) {
      const phase = entry.phase
      if (phase.kind === 'held') this.#settle(entry, { kind: 'let-go', reason: phase.reason })
      else if (phase.kind === 'retrying') {
        phase.cancel()
        this.#settle(entry, { kind: 'failed', error: phase.error, failure: classifyFailure(phase.error) })
      }
    }
    this.#feed.flush()
  }

  // --- internals ---

  #assertOpen(): void {
    if (this.#closed)
      throw new FerryError({
        code: 'internal',
        message: 'the transfer manager is closed',
        fix: 'Restart Ferry.',
      })
  }

  #connectionOf(input: ConnectionChoice): EngineConnection {
    return connectionOf(this.deps.connections, input)
  }

  /** The engine journaled the transfer (it started once): more than the header of its queueing. */
  #engineJournaled(entry: Entry): boolean {
    // Still waiting for its queued journal (whose file may exist, empty, meanwhile).
    if (entry.queuedJournal === 'writing') return false
    return this.#journals.engineJournaled(entry.summary.id)
  }

  #dequeue(id: string): boolean {
    if (!this.#queue.remove(id)) return false
    const entry = this.#entries.get(id)
    if (entry?.phase.kind === 'queued') entry.phase = { kind: 'idle' }
    return true
  }

  #pump(): void {
    // Asleep: nothing new starts; wake pumps again. Offline does not stop new runs: the OS's
    // idea of offline says nothing of a store on this machine or the local network.
    if (this.#recovery.suspended || this.#closed) return
    const limits = {
      maxActiveFiles: this.deps.maxActiveFiles ?? DEFAULT_MAX_ACTIVE_FILES,
      maxDownloads: this.deps.maxActiveDownloads ?? MAX_ACTIVE_DOWNLOADS,
    }
    this.#queue.drain(
      (item): Verdict => {
        const load = { files: this.#active, reserved: this.#reserved, downloads: this.#downloads.running }
        if (item.kind === 'download') {
          if (!this.#downloads.waiting(item.id)) return 'gone'
          return downloadFits(load, limits) ? 'start' : 'wait'
        }
        const entry = this.#entries.get(item.id)
        if (entry?.phase.kind !== 'queued') return 'gone'
        const demand = { journaled: entry.queuedJournal === 'written', ...entry }
        return uploadFits(demand, load, limits) ? 'start' : 'wait'
      },
      (item) => {
        if (item.kind === 'download') this.#downloads.start(item.id)
        else void this.#run(this.#entries.get(item.id)!)
      },
    )
  }

  async #run(entry: Entry): Promise<void> {
    if (entry.phase.kind !== 'queued') return
    const action = entry.phase.action
    entry.phase = { kind: 'running' }
    entry.runs++
    this.#active++
    this.#reserved += entry.reservation
    entry.speed.reset()
    entry.summary.state = 'preparing'
    this.#touch(entry)
    const reply = await runOnce(entry, action, this.#link, this.#credentials, this.deps.journalDir)
    const stopping = entry.phase.kind === 'running' ? entry.phase.stopping : undefined
    entry.phase = { kind: 'idle' }
    this.#active--
    this.#reserved -= entry.reservation
    const recover = this.#recover && !this.#closed
    let failure = reply.type === 'failed' ? classifyFailure(reply.error) : undefined
    if (reply.type === 'failed' && recover && failure === 'engine-stopped' && !this.#recovery.mayRestart()) {
      // Still the engine's death by its message, but no longer one Ferry recovers from here.
      reply.error = this.#recovery.crashLoopError(reply.error)
      failure = 'retryable'
    }
    const hold =
      reply.type === 'downloaded'
        ? undefined
        : holdAfterRun(
            reply.type === 'failed' ? { type: 'failed', failure: failure! } : { type: reply.type },
            stopping,
            recover,
          )
    if (hold) this.#recovery.park(entry, hold, reply.type === 'failed' ? reply.error : undefined)
    else if (reply.type === 'failed' && !this.#retryLater(entry, reply.error, failure!))
      this.#settle(entry, { kind: 'failed', error: reply.error, failure: failure! })
    else if (reply.type !== 'failed') this.#settle(entry, settledPhaseOf(entry, reply))
    const again = stopping?.thenResume
    if (!hold && again && reply.type === 'paused') {
      try {
        this.resume(entry.summary.id, again)
      } catch {
        // It stays paused; the error shows when the person resumes it again.
      }
    }
    this.#pump()
  }

  /** A failure its RetryLater policy runs again after a wait: true when it does. */
  #retryLater(entry: Entry, error: FerryErrorValue, failure: FailureClass): boolean {
    const delayMs = this.#closed ? undefined : entry.retryLater?.(failure, entry.runs)
    if (delayMs === undefined) return false
    entry.summary.error = error
    entry.summary.state = failedState(failure)
    entry.summary.speed = 0
    this.#touch(entry)
    const timer = setTimeout(() => {
      if (entry.phase.kind !== 'retrying' || this.#closed) return
      entry.phase = { kind: 'idle' }
      try {
        this.resume(entry.summary.id)
      } catch (e) {
        this.#fail(entry, e)
      }
    }, delayMs)
    entry.phase = { kind: 'retrying', attempt: entry.runs, error, cancel: () => clearTimeout(timer) }
    return true
  }

  #fail(entry: Entry, e: unknown): void {
    const error = toErrorValue(e)
    this.#settle(entry, { kind: 'failed', error, failure: classifyFailure(error) })
  }

  #settle(entry: Entry, phase: SettledPhase): void {
    entry.phase = phase
    if (phase.kind === 'failed') entry.summary.error = phase.error
    entry.summary.state = settledState(phase)
    entry.summary.speed = 0
    this.#touch(entry)
    const waiters = entry.waiters.splice(0)
    const result = resultOf(entry)
    for (const w of waiters) w(result)
  }

  #resumeWaiting(): void {
    for (const [id, entry] of this.#entries) {
      if (entry.summary.state === 'waiting-network' && entry.phase.kind !== 'running') {
        try {
          this.resume(id)
        } catch {
          // It stays waiting; the person can resume it by hand.
        }
      }
    }
  }

  #touch(entry: Entry): void {
    this.#feed.touch(entry.summary)
  }
}

/** The settled phase an engine reply leaves a transfer in (a done upload's outcome applied). */
function settledPhaseOf(entry: Entry, reply: EngineReply): SettledPhase {
  switch (reply.type) {
    case 'done':
      applyOutcome(entry, reply.outcome)
      return { kind: 'done' }
    case 'failed':
      return { kind: 'failed', error: reply.error, failure: classifyFailure(reply.error) }
    case 'paused':
    case 'cancelled':
      return { kind: reply.type }
    case 'downloaded':
      return {
        kind: 'failed',
        error: {
          code: 'internal',
          message: 'the engine answered an upload as a download',
          fix: 'Report it.',
        },
        failure: 'final',
      }
    default:
      return assertNever(reply)
  }
}
