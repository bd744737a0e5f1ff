// Carrying on without the person: sleep and offline hold what runs, and a wake or a network
// releases it once the endpoint answers; a run that ends for the network, an engine crash or
// expired credentials is held (parked) instead of settling, and resumed when its cause is gone.
import type { FerryErrorValue } from '../../../shared/errors'
import type { EngineConnection } from '../../../shared/engine-protocol'
import type { EndpointProbe } from './endpoint-probe'
import { EndpointWatch, endpointKey } from './endpoint-watch'
import { RestartGuard, type RestartLimit } from './restart-guard'
import type { Entry } from './transfer-entry'
import { heldState, holdRunning, type HoldReason } from './transfer-phase'

/** What the recovery needs of the scheduler. */
export interface RecoveryHost {
  entries(): Iterable<Entry>
  /** Asks the engine to pause a running transfer. */
  pauseInEngine(id: string): void
  /** Queues a transfer again (throws as TransferManager.resume does). */
  resume(id: string): void
  fail(entry: Entry, error: unknown): void
  touch(entry: Entry): void
  pump(): void
  closed(): boolean
  /** Engine deaths the link has seen. */
  crashes(): number
}

export class SystemRecovery {
  #suspended = false
  readonly #endpoints: EndpointWatch
  readonly #restarts: RestartGuard
  #crashesSeen = 0
  #gaveUp = false

  constructor(
    private readonly host: RecoveryHost,
    probe: EndpointProbe,
    private readonly restartLimit: RestartLimit | undefined,
  ) {
    this.#endpoints = new EndpointWatch(probe, () => host.closed() || this.#suspended)
    this.#restarts = new RestartGuard(restartLimit)
  }

  /** Asleep: nothing new starts; wake pumps again. */
  get suspended(): boolean {
    return this.#suspended
  }

  /** Stops what runs for a system event; the transfers resume when it is over. */
  hold(reason: 'suspend' | 'offline'): void {
    if (reason === 'suspend') this.#suspended = true
    for (const entry of this.host.entries()) {
      const held = holdRunning(entry.phase, reason)
      if (!held) continue
      entry.phase = held
      this.host.pauseInEngine(entry.summary.id)
      entry.summary.state = 'waiting-network'
      entry.summary.speed = 0
      this.host.touch(entry)
    }
  }

  release(reason: 'suspend' | 'offline'): void {
    if (reason === 'suspend') this.#suspended = false
    if (this.#suspended || this.host.closed()) return
    for (const entry of this.host.entries()) {
      if (entry.phase.kind === 'held' && entry.phase.reason !== 'credentials') this.#watch(entry.connection)
    }
    // A wake or a new network: probe at once rather than after the current back-off.
    this.#endpoints.wakeAll()
    this.host.pump()
  }

  wakeAll(): void {
    this.#endpoints.wakeAll()
  }

  /**
   * Counts the engine's deaths: false once they come too fast (a crash loop), after which a
   * crash fails its transfers instead of resuming them.
   */
  mayRestart(): boolean {
    while (this.#crashesSeen < this.host.crashes()) {
      this.#crashesSeen++
      if (!this.#restarts.crashed()) this.#gaveUp = true
    }
    return !this.#gaveUp
  }

  /** The failure a crash loop ends in, from the crash's own. */
  crashLoopError(error: FerryErrorValue): FerryErrorValue {
    return {
      code: 'internal',
      message: `${error.message}; it crashed ${this.restartLimit?.max ?? 3}+ times within a minute, so Ferry stopped restarting it`,
      fix: 'Resume the transfer once the cause is gone (a full disk, a damaged install); report it if it repeats.',
      retryable: true,
    }
  }

  /** A run ended for the system, the network or a crash: the transfer waits to be resumed by Ferry. */
  park(entry: Entry, reason: HoldReason, error: FerryErrorValue | undefined): void {
    entry.phase = { kind: 'held', reason }
    if (error) entry.summary.error = error
    entry.summary.state = heldState(reason)
    entry.summary.speed = 0
    this.host.touch(entry)
    if (reason === 'crash') this.#resumeHeld(entry)
    // Credentials come back from the person (credentialsRefreshed), not from probing.
    else if (reason !== 'credentials' && !this.#suspended) this.#watch(entry.connection)
  }

  #resumeHeld(entry: Entry): void {
    if (entry.phase.kind !== 'held' || this.host.closed()) return
    entry.phase = { kind: 'idle' }
    try {
      this.host.resume(entry.summary.id)
    } catch (e) {
      this.host.fail(entry, e)
    }
  }

  /** Probes the endpoint with back-off until it answers, then resumes the transfers held for it. */
  #watch(connection: EngineConnection): void {
    const key = endpointKey(connection)
    const heldHere = () =>
      [...this.host.entries()].filter(
        (e) =>
          e.phase.kind === 'held' && e.phase.reason !== 'credentials' && endpointKey(e.connection) === key,
      )
    this.#endpoints.watch(connection, {
      waiting: () => heldHere().length > 0,
      back: () => {
        for (const entry of heldHere()) this.#resumeHeld(entry)
      },
    })
  }
}
