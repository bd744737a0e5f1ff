// Queues transfers, hosts the engine process, and reports changes in batches. The engine
// does the work; this side decides what runs when, keeps each transfer's summary, and makes
// sure no transfer is lost when the engine dies (it becomes resumable from its journal).
import { FIRST_JOURNALED, forgetQueued, journalQueued, journalRest, onlyQueued } from './queued-journals'
import type { ParsedRequestOf } from '../../../shared/bridge/contract'
import type { TransferState, TransferSummary } from '../../../shared/domain/transfer'
import { FerryError, toErrorValue } from '../../../shared/errors'
import {
  credentialSourceOf,
  type DownloadJob,
  type DownloadNote,
  type DownloadOutcome,
  type EngineConnection,
  type EngineEvent,
  type EngineReply,
  type StreamJob,
  type UploadJob,
} from '../../../shared/engine-protocol'
import type { HeaderRecord, JournalConnection } from '../../journal/journal'
import { batchOf } from '../../journal/journal-batch'
import { isRunning } from '../../journal/process-alive'
import {
  noTransfer,
  transferAlreadyFinished,
  transferCancelled,
  transferRunningElsewhere,
} from '../../journal/transfer-errors'
import type { EngineLauncher, SystemEvents } from '../ports'
import { CredentialRefresh, type CredentialSource } from './credential-refresh'
import { EngineLink, isEngineStopped } from './engine-link'
import { ChangeFeed, type ChangeListener } from './change-feed'
import { probeEndpoint, type EndpointProbe } from './endpoint-probe'
import { EndpointWatch, endpointKey } from './endpoint-watch'
import { JournalCatalog, summaryFromJournal } from '../../journal/catalog'
import { RestartGuard, type RestartLimit } from './restart-guard'
import { planStreamTransfer, type StreamInput } from './stream-transfers'
import {
  applyEvent,
  applyOutcome,
  newEntry,
  resultOf,
  type Entry,
  type HoldReason,
  type ProgressFigures,
  type TransferResult,
} from './transfer-entry'
import { planUpload, queuedUploads, type PlannedUpload, type UploadInput } from './upload-plan'

export type { PlannedUpload, UploadInput }

/** What the manager needs of saved connections (the ConnectionStore provides it). */
export interface ConnectionResolver {
  resolve(id: string): EngineConnection
  list?(): { id: string; endpoint: string; region: string }[]
}

export interface TransferManagerDeps {
  launchEngine: EngineLauncher
  /** Saved connections; the CLI has none and passes a connection with each request. */
  connections?: ConnectionResolver
  system?: SystemEvents
  /** Folder of the append-only transfer journals. */
  journalDir: string
  /** Files transferred at once (each with its own part concurrency), within the memory budget. */
  maxActiveFiles?: number
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
   * run that ends for any reason settles and waitFor() resolves (the CLI and the daemon,
   * which schedule retries themselves).
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

const downloadStopped = (key: string): FerryError =>
  new FerryError({ code: 'cancelled', message: `the download of ${key} was stopped`, fix: 'Resume it.' })

/** A download the engine runs for the download center or `ferry get`. */
export interface EngineDownload {
  transferId: string
  /** A saved connection (the app), or the connection itself (the CLI). */
  connectionId?: string
  connection?: EngineConnection
  job: DownloadJob
  onProgress(progress: ProgressFigures): void
  onVerifying(): void
  onNote?(note: DownloadNote): void
}

export type ResumeOptions = NonNullable<Entry['resumeAfterPause']>

export type { TransferResult }

export const DEFAULT_MAX_ACTIVE_FILES = 16
/** More files at once gain nothing once the CPU or the link is busy, and cost sockets. */
export const MAX_ACTIVE_FILES = 256

const ACTIVE: ReadonlySet<TransferState> = new Set([
  'queued',
  'preparing',
  'uploading',
  'downloading',
  'verifying',
])

export class TransferManager {
  readonly #entries = new Map<string, Entry>()
  readonly #queue: string[] = []
  readonly #catalog: JournalCatalog
  readonly #link: EngineLink
  readonly #unsubscribe: (() => void)[] = []
  #reserved = 0
  /** Queued journals still being written (journalRest). */
  readonly #journaling = new Set<Promise<void>>()
  #active = 0
  #closed = false
  readonly #recover: boolean
  #suspended = false
  readonly #feed: ChangeFeed
  readonly #endpoints: EndpointWatch
  readonly #restarts: RestartGuard
  #crashesSeen = 0
  readonly #credentials: CredentialRefresh
  /** Downloads running in the engine for the app's download center, by transfer id. */
  readonly #downloads = new Map<string, EngineDownload>()
  readonly #stoppedDownloads = new Set<string>()

  constructor(private readonly deps: TransferManagerDeps) {
    this.#catalog = new JournalCatalog(deps.journalDir)
    this.#feed = new ChangeFeed((id) => this.#entries.get(id)?.summary, deps.changeIntervalMs)
    this.#endpoints = new EndpointWatch(deps.probe ?? probeEndpoint, () => this.#closed || this.#suspended)
    this.#link = new EngineLink(deps.launchEngine, (m) => this.#onEvent(m))
    this.#recover = deps.recover ?? deps.system !== undefined
    this.#restarts = new RestartGuard(deps.restartLimit)
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
          (e) => (e.running || e.action || e.held) && credentialSourceOf(e.connection) === source,
        ),
    })
    const system = deps.system
    if (system && this.#recover) {
      this.#unsubscribe.push(
        system.on('suspend', () => this.#hold('suspend')),
        system.on('offline', () => this.#hold('offline')),
        system.on('resume', () => this.#release('suspend')),
        system.on('online', () => this.#release('offline')),
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
    const onDisk = await this.#catalog.summaries()
    const byId = new Map(onDisk.map((s) => [s.id, s]))
    for (const [id, entry] of this.#entries) byId.set(id, { ...entry.summary })
    return [...byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt))
  }

  /** Journaled transfers that can be resumed (no final record, no live process). */
  resumable(): Promise<string[]> {
    return this.#catalog.resumable()
  }

  /** Forgets finished transfers: deletes the journals of those done or cancelled. */
  async clearFinished(): Promise<string[]> {
    const removed = await this.#catalog.clearFinished()
    for (const id of removed) {
      const entry = this.#entries.get(id)
      if (entry && !entry.running && !entry.action) this.#entries.delete(id)
    }
    return removed
  }

  /**
   * Drops a settled transfer from memory, journal untouched: for a long-running host (the
   * daemon) that keeps its own record of each transfer and would otherwise grow forever.
   */
  forget(id: string): void {
    const entry = this.#entries.get(id)
    if (entry && !entry.running && !entry.action && !ACTIVE.has(entry.summary.state)) this.#entries.delete(id)
  }

  /** Where a journaled transfer's upload lives (no secrets: the journal holds none). */
  journalConnection(id: string): JournalConnection {
    return this.#catalog.read(id).header.connection
  }

  /** Part sizes journaled for an object, for verifying it without guessing. */
  partSizesFor(bucket: string, key: string): Promise<number[]> {
    return this.#catalog.partSizesFor(bucket, key)
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

  async upload(request: UploadInput | ParsedRequestOf<'transfers:upload'>): Promise<TransferSummary[]> {
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
    for (const { entry } of rest) entry.unjournaled = true
    for (const { entry } of planned) {
      this.#entries.set(entry.summary.id, entry)
      this.#queue.push(entry.summary.id)
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
  #prepareEarly(request: Pick<UploadInput, 'connection' | 'connectionId'>): void {
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
          if (entry) delete entry.unjournaled
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
          delete entry.unjournaled
          entry.summary.error = toErrorValue(error)
          this.#settle(entry, 'failed')
        }
        this.#pump()
      },
    })
    this.#journaling.add(writing)
    void writing.finally(() => this.#journaling.delete(writing))
  }

  /**
   * Runs a download in the engine process (the download center keeps its queue and summary).
   * Resolves with the outcome; rejects when it fails or is stopped (stopDownload).
   */
  async download(request: EngineDownload): Promise<DownloadOutcome> {
    this.#assertOpen()
    this.#downloads.set(request.transferId, request)
    try {
      const connection = await this.#credentials.prepare(this.#connectionOf(request))
      // Stopped while its credentials were being prepared: it never starts.
      if (this.#stoppedDownloads.has(request.transferId)) throw downloadStopped(request.job.key)
      const reply = await this.#link.request({
        type: 'download',
        transferId: request.transferId,
        connection,
        job: request.job,
      })
      if (reply.type === 'downloaded') return reply.outcome
      if (reply.type === 'failed') throw new FerryError(reply.error)
      throw downloadStopped(request.job.key)
    } finally {
      this.#downloads.delete(request.transferId)
      this.#stoppedDownloads.delete(request.transferId)
    }
  }

  /** Stops a running download; its partial file and journal stay for the next run. */
  stopDownload(transferId: string): void {
    if (!this.#downloads.has(transferId)) return
    this.#stoppedDownloads.add(transferId)
    this.#link.post({ type: 'pause', transferId })
  }

  /** Streams a URL into one object (ferry stream, "Upload from URL..."). */
  stream(input: StreamInput): TransferSummary {
    this.#assertOpen()
    const planned = planStreamTransfer(input, this.#connectionOf(input))
    const entry = newEntry(planned.summary, planned.job.connection, planned.tuning, 0)
    entry.reservation = planned.reservation
    entry.streamJob = planned.job
    entry.action = { kind: 'stream', job: planned.job }
    this.#entries.set(planned.summary.id, entry)
    this.#queue.push(planned.summary.id)
    this.#touch(entry)
    this.#pump()
    return { ...planned.summary }
  }

  /** Pauses a running or queued transfer: in-flight requests stop, the upload id and journal stay. */
  pause(id: string): void {
    const entry = this.#entries.get(id)
    if (!entry) {
      if (!this.#catalog.exists(id)) throw this.#unknown(id)
      return
    }
    delete entry.resumeAfterPause
    if (entry.held) {
      delete entry.held
      if (!entry.running) {
        this.#settle(entry, 'paused')
        return
      }
    }
    if (entry.running) {
      this.#link.post({ type: 'pause', transferId: id })
      entry.pausing = true
      return
    }
    if (this.#dequeue(id)) this.#settle(entry, 'paused')
  }

  /**
   * Resumes a transfer of this session or any journaled one. Throws at once (not-found,
   * journal-corrupt, cancelled, running elsewhere, no credentials); how the run ends shows in
   * the summary and in waitFor().
   */
  resume(id: string, options: ResumeOptions = {}): void {
    this.#assertOpen()
    let entry = this.#entries.get(id)
    if (entry?.running && entry.pausing) {
      entry.resumeAfterPause = options
      return
    }
    if (entry && (entry.running || entry.action)) return
    // A transfer of this session the engine never started runs its job; any other resumes.
    const journaled = entry?.job ? this.#engineJournaled(id) : this.#catalog.exists(id)
    if (!entry) {
      const view = this.#catalog.read(id)
      if (view.final?.status === 'cancelled') {
        throw transferCancelled(id)
      }
      if (!view.final && isRunning(view.writer)) {
        throw transferRunningElsewhere(id, { pid: view.writer.pid })
      }
      const connection = options.connection ?? this.#connectionFor(view.header.connection)
      const summary = summaryFromJournal(view, false)
      entry = newEntry(summary, connection, { ...view.header.tuning, ...options.tuning }, view.header.size)
      this.#entries.set(id, entry)
      if (view.final?.status === 'done') {
        // Nothing left to do; answer from the journal without starting the engine.
        this.#settle(entry, 'done')
        return
      }
    } else if (options.connection) {
      entry.connection = options.connection
    }
    if (options.tuning) entry.tuning = { ...entry.tuning, ...options.tuning }
    if (journaled) entry.action = { kind: 'resume' }
    else if (entry.job)
      entry.action = { kind: 'upload', job: { ...entry.job, connection: entry.connection, ...entry.tuning } }
    else if (entry.streamJob)
      entry.action = {
        kind: 'stream',
        job: { ...entry.streamJob, connection: entry.connection, ...entry.tuning },
      }
    else throw this.#unknown(id)
    delete entry.summary.error
    entry.summary.state = 'queued'
    this.#queue.push(id)
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
      'connectionId' in target
        ? (
            this.deps.connections ?? {
              resolve: () => {
                throw this.#noConnections()
              },
            }
          ).resolve(target.connectionId)
        : target
    const resumed: string[] = []
    for (const [id, entry] of this.#entries) {
      if (entry.summary.state !== 'needs-credentials' || entry.running) continue
      const same =
        'connectionId' in target
          ? entry.summary.connectionId === target.connectionId
          : entry.connection.endpoint === connection.endpoint && entry.connection.region === connection.region
      if (!same) continue
      delete entry.held
      entry.connection = connection
      try {
        this.resume(id, { connection })
        resumed.push(id)
      } catch (e) {
        entry.summary.error = toErrorValue(e)
        this.#settle(entry, 'failed')
      }
    }
    return resumed
  }

  /** Cancels a transfer: stops it, aborts its multipart upload, closes its journal as cancelled. */
  cancel(id: string, options: { connection?: EngineConnection } = {}): void {
    let entry = this.#entries.get(id)
    if (entry) delete entry.held
    if (entry?.summary.state === 'cancelled') return
    if (entry?.summary.state === 'done' && !entry.running) {
      throw transferAlreadyFinished(id)
    }
    if (entry && !entry.running) {
      this.#dequeue(id)
      // Never started: nothing exists on the server to abort.
      if (!this.#engineJournaled(id)) {
        forgetQueued(this.deps.journalDir, id)
        this.#settle(entry, 'cancelled')
        return
      }
    }
    if (!entry) {
      const view = this.#catalog.read(id)
      if (view.final) return
      let connection = options.connection
      if (!connection && view.header.uploadId) connection = this.#connectionFor(view.header.connection)
      entry = newEntry(
        summaryFromJournal(view, false),
        connection ?? { endpoint: '', region: '', pathStyle: false },
        view.header.tuning,
        view.header.size,
      )
      this.#entries.set(id, entry)
    } else if (options.connection) entry.connection = options.connection
    const target = entry
    void this.#link
      .request({
        type: 'cancel',
        transferId: id,
        journalDir: this.deps.journalDir,
        connection: target.connection,
      })
      .then((reply) => {
        if (!target.running) this.#onReply(target, reply)
      })
  }

  /** Resolves when the transfer's current run ends (done, failed, paused or cancelled). */
  waitFor(id: string): Promise<TransferResult> {
    const entry = this.#entries.get(id)
    if (!entry) return Promise.reject(this.#unknown(id))
    if (!ACTIVE.has(entry.summary.state) && !entry.running && !entry.action && !entry.held)
      return Promise.resolve(resultOf(entry))
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
    this.#endpoints.wakeAll()
    for (const id of [...this.#queue]) {
      const entry = this.#entries.get(id)
      if (entry && this.#dequeue(id)) this.#settle(entry, 'paused')
    }
    const running = [...this.#entries.values()].filter((e) => e.running)
    for (const entry of running) this.#link.post({ type: 'pause', transferId: entry.summary.id })
    await Promise.race([
      Promise.all(running.map((e) => new Promise((r) => e.waiters.push(r)))),
      new Promise((r) => setTimeout(r, 10_000).unref()),
    ])
    await this.#link.close()
    // Those waiting for the network stay resumable from their journals; their waiters learn it now.
    for (const entry of this.#entries.values()) {
      if (entry.held && !entry.running) {
        delete entry.held
        this.#settle(entry, entry.summary.state)
      }
    }
    this.#flush()
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

  #unknown(id: string): FerryError {
    return noTransfer(this.deps.journalDir, id)
  }

  #connectionOf(input: Pick<UploadInput, 'connection' | 'connectionId'>): EngineConnection {
    if (input.connection) return input.connection
    if (input.connectionId) {
      if (!this.deps.connections) throw this.#noConnections()
      return this.deps.connections.resolve(input.connectionId)
    }
    throw new FerryError({
      code: 'bad-input',
      message: 'the upload names no connection',
      fix: 'Pick a connection.',
    })
  }

  /** The engine journaled the transfer (it started once): more than the header of its queueing. */
  #engineJournaled(id: string): boolean {
    // Still waiting for its queued journal (whose file may exist, empty, meanwhile).
    if (this.#entries.get(id)?.unjournaled) return false
    if (!this.#catalog.exists(id)) return false
    try {
      return !onlyQueued(this.#catalog.read(id))
    } catch {
      // A damaged journal is the engine's to report, on resume.
      return true
    }
  }

  /** The credentials for a journaled transfer: its saved connection, or one for the same endpoint. */
  #connectionFor(journal: JournalConnection): EngineConnection {
    const saved = this.deps.connections
    if (saved && journal.connectionId) return saved.resolve(journal.connectionId)
    const match = saved?.list?.().find((c) => c.endpoint === journal.endpoint && c.region === journal.region)
    if (saved && match) return saved.resolve(match.id)
    throw new FerryError({
      code: 'invalid-credentials',
      message: `no saved connection for ${journal.endpoint || 'AWS'} (${journal.region}) to resume this transfer with`,
      fix: 'Resume it with ferry resume ID where the credentials are set, or add a connection for that endpoint.',
    })
  }

  #noConnections(): FerryError {
    return new FerryError({
      code: 'bad-input',
      message: 'no saved connections here',
      fix: 'Pass the connection itself.',
    })
  }

  #dequeue(id: string): boolean {
    const i = this.#queue.indexOf(id)
    if (i < 0) return false
    this.#queue.splice(i, 1)
    const entry = this.#entries.get(id)
    if (entry) delete entry.action
    return true
  }

  #pump(): void {
    // Asleep: nothing new starts; wake pumps again. Offline does not stop new runs: the OS's
    // idea of offline says nothing of a store on this machine or the local network.
    if (this.#suspended) return
    const maxActive = this.deps.maxActiveFiles ?? DEFAULT_MAX_ACTIVE_FILES
    while (this.#queue.length > 0 && !this.#closed) {
      const entry = this.#entries.get(this.#queue[0]!)
      if (!entry || !entry.action) {
        this.#queue.shift()
        continue
      }
      if (entry.unjournaled) return
      if (this.#active >= maxActive) return
      // Memory: many small files run side by side; a large one waits until it fits the
      // budget (concurrency x part size), or runs alone when nothing else does.
      if (this.#active > 0 && this.#reserved + entry.reservation > entry.budget) return
      this.#queue.shift()
      void this.#run(entry)
    }
  }

  async #run(entry: Entry): Promise<void> {
    const action = entry.action!
    delete entry.action
    entry.running = true
    this.#active++
    this.#reserved += entry.reservation
    entry.speed.reset()
    entry.summary.state = 'preparing'
    this.#touch(entry)
    let reply: EngineReply
    try {
      // Short-lived profile credentials go with the request; entry.connection stays the profile.
      const connection = await this.#credentials.prepare(entry.connection)
      reply = entry.pausing
        ? { type: 'paused', requestId: '', transferId: entry.summary.id }
        : action.kind !== 'resume'
          ? await this.#link.request({
              type: action.kind,
              job: { ...action.job, connection },
              journalDir: this.deps.journalDir,
            } as
              | { type: 'upload'; job: UploadJob; journalDir: string }
              | { type: 'stream'; job: StreamJob; journalDir: string })
          : await this.#link.request({
              type: 'resume',
              transferId: entry.summary.id,
              journalDir: this.deps.journalDir,
              connection,
              tuning: entry.tuning,
              ...(entry.streamJob ? { sourceUrl: entry.streamJob.url } : {}),
            })
    } catch (e) {
      reply = { type: 'failed', requestId: '', transferId: entry.summary.id, error: toErrorValue(e) }
    }
    if (reply.type === 'failed' && reply.error.code === 'credentials-expired')
      reply.error = this.#credentials.explain(entry.connection, reply.error)
    entry.running = false
    entry.pausing = false
    this.#active--
    this.#reserved -= entry.reservation
    if (this.#recover && !this.#closed && this.#parked(entry, reply)) {
      this.#pump()
      return
    }
    delete entry.held
    this.#onReply(entry, reply)
    const again = entry.resumeAfterPause
    delete entry.resumeAfterPause
    if (again && reply.type === 'paused') {
      try {
        this.resume(entry.summary.id, again)
      } catch {
        // It stays paused; the error shows when the person resumes it again.
      }
    }
    this.#pump()
  }

  #onReply(entry: Entry, reply: EngineReply): void {
    const s = entry.summary
    switch (reply.type) {
      case 'done':
        applyOutcome(entry, reply.outcome)
        this.#settle(entry, 'done')
        return
      case 'failed': {
        s.error = reply.error
        const e = reply.error
        const state: TransferState =
          e.retryable && (e.code === 'network' || e.code === 'timeout')
            ? 'waiting-network'
            : e.code === 'credentials-expired'
              ? 'needs-credentials'
              : 'failed'
        this.#settle(entry, state)
        return
      }
      case 'paused':
        this.#settle(entry, 'paused')
        return
      case 'cancelled':
        this.#settle(entry, 'cancelled')
        return
    }
  }

  #settle(entry: Entry, state: TransferState): void {
    entry.summary.state = state
    entry.summary.speed = 0
    this.#touch(entry)
    const waiters = entry.waiters.splice(0)
    const result = resultOf(entry)
    for (const w of waiters) w(result)
  }

  #onEvent(message: EngineEvent): void {
    const download = this.#downloads.get(message.transferId)
    if (download) {
      if (message.type === 'progress') download.onProgress(message)
      else if (message.type === 'state' && message.state === 'verifying') download.onVerifying()
      else if (message.type === 'download-note') download.onNote?.(message.note)
      return
    }
    const entry = this.#entries.get(message.transferId)
    if (!entry || !entry.running) return
    applyEvent(entry, message)
    this.#touch(entry)
  }

  /** Stops what runs for a system event; the transfers resume when it is over. */
  #hold(reason: 'suspend' | 'offline'): void {
    if (reason === 'suspend') this.#suspended = true
    for (const entry of this.#entries.values()) {
      if (!entry.running || entry.pausing) continue
      entry.held = reason
      entry.pausing = true
      this.#link.post({ type: 'pause', transferId: entry.summary.id })
      entry.summary.state = 'waiting-network'
      entry.summary.speed = 0
      this.#touch(entry)
    }
  }

  #release(reason: 'suspend' | 'offline'): void {
    if (reason === 'suspend') this.#suspended = false
    if (this.#suspended || this.#closed) return
    for (const entry of this.#entries.values()) {
      if (entry.held && entry.held !== 'credentials' && !entry.running) this.#watch(entry.connection)
    }
    // A wake or a new network: probe at once rather than after the current back-off.
    this.#endpoints.wakeAll()
    this.#pump()
  }

  /**
   * A run that ended because of the system, the network or an engine crash waits to be
   * resumed by Ferry instead of settling. Returns false when the reply settles the transfer.
   */
  #parked(entry: Entry, reply: EngineReply): boolean {
    let reason: HoldReason | undefined
    if (reply.type === 'paused' && entry.held && !entry.resumeAfterPause) reason = entry.held
    else if (reply.type === 'failed' && isEngineStopped(reply.error)) {
      while (this.#crashesSeen < this.#link.crashes) {
        this.#crashesSeen++
        if (!this.#restarts.crashed()) this.#gaveUp = true
      }
      if (this.#gaveUp) {
        reply.error = {
          code: 'internal',
          message: `${reply.error.message}; it crashed ${this.deps.restartLimit?.max ?? 3}+ times within a minute, so Ferry stopped restarting it`,
          fix: 'Resume the transfer once the cause is gone (a full disk, a damaged install); report it if it repeats.',
          retryable: true,
        }
        return false
      }
      reason = 'crash'
    } else if (
      reply.type === 'failed' &&
      reply.error.retryable &&
      (reply.error.code === 'network' || reply.error.code === 'timeout')
    )
      reason = 'network'
    else if (reply.type === 'failed' && reply.error.code === 'credentials-expired') reason = 'credentials'
    if (!reason) return false
    entry.held = reason
    entry.pausing = false
    if (reply.type === 'failed') entry.summary.error = reply.error
    entry.summary.state = reason === 'credentials' ? 'needs-credentials' : 'waiting-network'
    entry.summary.speed = 0
    this.#touch(entry)
    if (reason === 'crash') this.#resumeHeld(entry)
    // Credentials come back from the person (credentialsRefreshed), not from probing.
    else if (reason !== 'credentials' && !this.#suspended) this.#watch(entry.connection)
    return true
  }

  #gaveUp = false

  #resumeHeld(entry: Entry): void {
    if (!entry.held || entry.running || this.#closed) return
    delete entry.held
    try {
      this.resume(entry.summary.id)
    } catch (e) {
      entry.summary.error = toErrorValue(e)
      this.#settle(entry, 'failed')
    }
  }

  /** Probes the endpoint with back-off until it answers, then resumes the transfers held for it. */
  #watch(connection: EngineConnection): void {
    const key = endpointKey(connection)
    const heldHere = () =>
      [...this.#entries.values()].filter(
        (e) => e.held && e.held !== 'credentials' && !e.running && endpointKey(e.connection) === key,
      )
    this.#endpoints.watch(connection, {
      waiting: () => heldHere().length > 0,
      back: () => {
        for (const entry of heldHere()) this.#resumeHeld(entry)
      },
    })
  }

  #resumeWaiting(): void {
    for (const [id, entry] of this.#entries) {
      if (entry.summary.state === 'waiting-network' && !entry.running) {
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

  #flush(): void {
    this.#feed.flush()
  }
}
