// The scheduler's moving parts: the transfers it holds and their phases, the one queue,
// the engine process, and each run from its start to how it settles, is held for recovery,
// or waits to run again (a RetryLater policy). TransferManager is its face to callers.
import { assertNever, toErrorValue, type FerryErrorValue } from '../../../shared/errors'
import { credentialSourceOf, type EngineConnection, type EngineReply } from '../../../shared/engine-protocol'
import { ChangeFeed } from './change-feed'
import { connectionOf, type ConnectionChoice } from './connection-resolution'
import { CredentialRefresh } from './credential-refresh'
import { probeEndpoint } from './endpoint-probe'
import { EngineDownloads } from './engine-downloads'
import { EngineLink } from './engine-link'
import { JournalFront } from './journal-front'
import { cancelNotFinished, forgetCancelled } from './cancel-ending'
import {
  DEFAULT_MAX_ACTIVE_FILES,
  MAX_ACTIVE_DOWNLOADS,
  RunQueue,
  downloadFits,
  uploadFits,
  type Verdict,
} from './run-queue'
import { SystemRecovery } from './system-recovery'
import { applyEvent, applyOutcome, resultOf, type Entry } from './transfer-entry'
import { classifyFailure, failedState, type FailureClass } from './transfer-failure'
import type { TransferManagerDeps } from './scheduler-options'
import { holdAfterRun, inFlight, settledState, type ResumeOptions, type SettledPhase } from './transfer-phase'
import { runOnce } from './transfer-run'

/** What the scheduler asks of its face: resuming goes through the same checks as a caller's. */
export interface SchedulerHost {
  resume(id: string, options?: ResumeOptions): void
  cancel(id: string): void
  credentialsRefreshed(connection: EngineConnection): string[]
}

export class RunScheduler {
  readonly entries = new Map<string, Entry>()
  readonly queue = new RunQueue()
  readonly journals: JournalFront
  readonly link: EngineLink
  readonly feed: ChangeFeed
  readonly recovery: SystemRecovery
  readonly credentials: CredentialRefresh
  readonly downloads: EngineDownloads
  /** Recovers from sleep, the network and crashes by itself (TransferManagerDeps.recover). */
  readonly recover: boolean
  closed = false
  /** Files running, and the part buffers they may hold. */
  #active = 0
  #reserved = 0

  constructor(
    private readonly deps: TransferManagerDeps,
    private readonly host: SchedulerHost,
  ) {
    this.journals = new JournalFront(deps.journalDir)
    this.recover = deps.recover ?? deps.system !== undefined
    this.feed = new ChangeFeed((id) => this.entries.get(id)?.summary, deps.changeIntervalMs)
    this.link = new EngineLink(
      deps.launchEngine,
      (m) => {
        if (this.downloads.onEvent(m)) return
        const entry = this.entries.get(m.transferId)
        if (entry?.phase.kind !== 'running') return
        applyEvent(entry, m)
        this.touch(entry)
      },
      deps.bandwidthLimit,
    )
    this.recovery = new SystemRecovery(
      {
        entries: () => this.entries.values(),
        pauseInEngine: (transferId) => this.link.post({ type: 'pause', transferId }),
        resume: (id) => this.host.resume(id),
        fail: (entry, e) => this.fail(entry, e),
        touch: (entry) => this.touch(entry),
        pump: () => this.pump(),
        closed: () => this.closed,
        crashes: () => this.link.crashes,
      },
      deps.probe ?? probeEndpoint,
      deps.restartLimit,
    )
    this.downloads = new EngineDownloads({
      link: this.link,
      connectionOf: (request) => this.connectionOf(request),
      prepare: (connection) => this.credentials.prepare(connection),
      enqueue: (id) => this.queue.push({ id, kind: 'download' }),
      dequeue: (id) => this.queue.remove(id),
      pump: () => this.pump(),
    })
    this.credentials = new CredentialRefresh({
      ...(deps.credentialSource ? { source: deps.credentialSource } : {}),
      ...(deps.credentialPollMs ? { personPollMs: deps.credentialPollMs } : {}),
      resumesByItself: this.recover,
      push: (connection) => this.link.post({ type: 'credentials', connection }),
      restored: (connection) => {
        if (!this.closed) this.host.credentialsRefreshed(connection)
      },
      inUse: (source) =>
        [...this.entries.values()].some(
          (e) =>
            (inFlight(e.phase) || e.phase.kind === 'held') && credentialSourceOf(e.connection) === source,
        ),
    })
  }

  connectionOf(input: ConnectionChoice): EngineConnection {
    return connectionOf(this.deps.connections, input)
  }

  /** The engine journaled the transfer (it started once): more than the header of its queueing. */
  engineJournaled(entry: Entry): boolean {
    // Still waiting for its queued journal (whose file may exist, empty, meanwhile).
    if (entry.queuedJournal === 'writing') return false
    // Queued by this process and never run: the engine has not seen it (no journal read needed,
    // which is most of what cancelling ten thousand queued files costs).
    if (entry.job && entry.runs === 0) return false
    return this.journals.engineJournaled(entry.summary.id)
  }

  /** Puts a transfer of this session in the queue with its next run. */
  enqueue(entry: Entry): void {
    this.entries.set(entry.summary.id, entry)
    this.queue.push({ id: entry.summary.id, kind: 'transfer' })
    this.touch(entry)
  }

  dequeue(id: string): boolean {
    if (!this.queue.remove(id)) return false
    const entry = this.entries.get(id)
    if (entry?.phase.kind === 'queued') entry.phase = { kind: 'idle' }
    return true
  }

  pump(): void {
    // Asleep: nothing new starts; wake pumps again. Offline does not stop new runs: the OS's
    // idea of offline says nothing of a store on this machine or the local network.
    if (this.recovery.suspended || this.closed) return
    const limits = {
      maxActiveFiles: this.deps.maxActiveFiles ?? DEFAULT_MAX_ACTIVE_FILES,
      maxDownloads: this.deps.maxActiveDownloads ?? MAX_ACTIVE_DOWNLOADS,
    }
    this.queue.drain(
      (item): Verdict => {
        const load = { files: this.#active, reserved: this.#reserved, downloads: this.downloads.running }
        if (item.kind === 'download') {
          if (!this.downloads.waiting(item.id)) return 'gone'
          return downloadFits(load, limits) ? 'start' : 'wait'
        }
        const entry = this.entries.get(item.id)
        if (entry?.phase.kind !== 'queued') return 'gone'
        const demand = { journaled: entry.queuedJournal === 'written', ...entry }
        return uploadFits(demand, load, limits) ? 'start' : 'wait'
      },
      (item) => {
        if (item.kind === 'download') this.downloads.start(item.id)
        else void this.#run(this.entries.get(item.id)!)
      },
    )
  }

  async #run(entry: Entry): Promise<void> {
    if (entry.phase.kind !== 'queued') return
    const action = entry.phase.action
    entry.phase = { kind: 'running' }
    entry.runs++
    entry.schedule.onStart?.(entry.summary.id, entry.runs)
    this.#active++
    this.#reserved += entry.reservation
    entry.speed.reset()
    entry.summary.state = 'preparing'
    this.touch(entry)
    const reply = await runOnce(entry, action, this.link, this.credentials, this.deps.journalDir)
    const stopping = entry.phase.kind === 'running' ? entry.phase.stopping : undefined
    entry.phase = { kind: 'idle' }
    this.#active--
    this.#reserved -= entry.reservation
    if (stopping?.cancel) {
      this.#cancelAfterRun(entry, reply)
      this.pump()
      return
    }
    const recover = this.recover && !this.closed
    let failure = reply.type === 'failed' ? classifyFailure(reply.error) : undefined
    if (reply.type === 'failed' && recover && failure === 'engine-stopped' && !this.recovery.mayRestart()) {
      // Still the engine's death by its message, but no longer one Ferry recovers from here.
      reply.error = this.recovery.crashLoopError(reply.error)
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
    if (hold) this.recovery.park(entry, hold, reply.type === 'failed' ? reply.error : undefined)
    else if (reply.type === 'failed' && !this.#retryLater(entry, reply.error, failure!))
      this.settle(entry, { kind: 'failed', error: reply.error, failure: failure! })
    else if (reply.type !== 'failed') {
      // Cancelled in the engine: its journal goes too (its queued one, if the engine never
      // journaled it), or it would come back as resumable.
      if (reply.type === 'cancelled') forgetCancelled(this.journals.journalDir, entry.summary.id)
      this.settle(entry, settledPhaseOf(entry, reply))
    }
    const again = stopping?.thenResume
    if (!hold && again && reply.type === 'paused') {
      try {
        this.host.resume(entry.summary.id, again)
      } catch {
        // It stays paused; the error shows when the person resumes it again.
      }
    }
    this.pump()
  }

  /**
   * The run of a transfer the person cancelled has ended. Done stays done (the cancel came too
   * late); cancelled by the engine is over; paused (a pause was on its way, or the run was never
   * sent) or failed, it is cancelled now as one that is not running, which aborts its upload.
   */
  #cancelAfterRun(entry: Entry, reply: EngineReply): void {
    if (reply.type === 'done' || reply.type === 'cancelled') {
      if (reply.type === 'cancelled') forgetCancelled(this.journals.journalDir, entry.summary.id)
      this.settle(entry, settledPhaseOf(entry, reply))
      return
    }
    try {
      this.host.cancel(entry.summary.id)
    } catch (e) {
      const error = cancelNotFinished(this.journals.journalDir, entry.summary, toErrorValue(e))
      this.settle(entry, { kind: 'failed', error, failure: 'final' })
    }
  }

  /** A failure its RetryLater policy runs again after a wait: true when it does. */
  #retryLater(entry: Entry, error: FerryErrorValue, failure: FailureClass): boolean {
    const delayMs = this.closed ? undefined : entry.schedule.retryLater?.(failure, entry.runs)
    if (delayMs === undefined) return false
    entry.summary.error = error
    entry.summary.state = failedState(failure)
    entry.summary.speed = 0
    this.touch(entry)
    const timer = setTimeout(() => {
      if (entry.phase.kind !== 'retrying' || this.closed) return
      entry.phase = { kind: 'idle' }
      try {
        this.host.resume(entry.summary.id)
      } catch (e) {
        this.fail(entry, e)
      }
    }, delayMs)
    entry.phase = { kind: 'retrying', attempt: entry.runs, error, cancel: () => clearTimeout(timer) }
    return true
  }

  fail(entry: Entry, e: unknown): void {
    const error = toErrorValue(e)
    this.settle(entry, { kind: 'failed', error, failure: classifyFailure(error) })
  }

  settle(entry: Entry, phase: SettledPhase): void {
    entry.phase = phase
    if (phase.kind === 'failed') entry.summary.error = phase.error
    entry.summary.state = settledState(phase)
    entry.summary.speed = 0
    this.touch(entry)
    const waiters = entry.waiters.splice(0)
    const result = resultOf(entry)
    for (const w of waiters) w(result)
  }

  touch(entry: Entry): void {
    this.feed.touch(entry.summary)
  }
}

/** The settled phase an engine reply leaves a transfer in (a done upload's outcome applied). */
export function settledPhaseOf(entry: Entry, reply: EngineReply): SettledPhase {
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
