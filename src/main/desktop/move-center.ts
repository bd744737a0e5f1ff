// The window's moves and copies as rows of the transfers panel, beside the download center: a
// folder renamed, rows dragged or pasted (also into another bucket or connection), and the
// sets found unfinished at start. Each row is one request of the window (one journaled set
// per item, run one after another through runMoveSet) or one set found at start. Pause and
// Cancel stop the run through its signal: objects already moved stay moved, multipart copies
// under way are aborted, streams to another connection cancelled. Resume runs the same sets
// again, which continues each from its journal; Cancel of a set not running does what
// `ferry cancel` does (move-set-cancel.ts). Progress reaches the window through the same
// batched change feed as the other rows.
import type { MoveObjectsResult, ObjectPlace } from '../../shared/bridge/contract'
import type { SetTransferSummary, TransferState } from '../../shared/domain/transfer'
import { FerryError, toErrorValue, type FerryErrorValue } from '../../shared/errors'
import { FINISHED_STATES } from '../../shared/transfer-groups'
import type { Core } from '../core/create-core'
import { ChangeFeed, type ChangeListener } from '../core/transfers/change-feed'
import { moveRequestOf, runMoveSet, type MoveSetInput } from '../core/transfers/move-set'
import { SpeedMeter } from '../core/transfers/speed-meter'
import { newTransferId } from '../core/transfers/transfer-ids'
import { moveIdentity } from '../journal/move-journal'
import { placesOf } from './move-places'
import { moveRoute } from './move-route'
import {
  cancelFailed,
  countEvent,
  newSetRow,
  noCounts,
  objectFailure,
  rowFigures,
  runningState,
  setFailure,
  stopWords,
  stoppedError,
  type RowSet,
} from './move-row'
import { finishedElsewhere, forgetFinished, forgetSets } from './move-set-forget'

export interface MoveRequestOfWindow {
  connectionId: string
  /** The destination's connection, when it is another one. */
  toId?: string
  op: 'move' | 'copy'
  inputs: MoveSetInput[]
}

/** How a run of a row ended: what the window's request answers, and the row's state. */
export interface MoveRunEnd {
  result: MoveObjectsResult
  state: TransferState
}

interface Entry {
  summary: SetTransferSummary
  op: 'move' | 'copy'
  fromId: string
  toId?: string
  sets: RowSet[]
  identities: string[]
  /** Shown in the panel: from the first journal opened (a request refused at once never is). */
  shown: boolean
  run?: Promise<MoveRunEnd>
  abort?: AbortController
  stopping?: 'paused' | 'cancelled'
  speed: SpeedMeter
}

const notFound = (id: string) =>
  new FerryError({ code: 'not-found', message: `no move ${id}`, fix: 'Refresh the transfers list.' })

export class MoveCenter {
  readonly #entries = new Map<string, Entry>()
  readonly #feed = new ChangeFeed((id) => this.#entries.get(id)?.summary)
  readonly #placeListeners = new Set<(places: ObjectPlace[]) => void>()

  constructor(private readonly core: Core) {}

  has(id: string): boolean {
    return this.#entries.get(id)?.shown === true
  }

  list(): SetTransferSummary[] {
    return [...this.#entries.values()].filter((e) => e.shown).map((e) => structuredClone(e.summary))
  }

  /** One row as it is now. */
  summary(id: string): SetTransferSummary {
    return structuredClone(this.#get(id).summary)
  }

  onChanged(listener: ChangeListener): () => void {
    return this.#feed.subscribe(listener)
  }

  /** Folders a run changed that no waiting window refreshes (a resume, a set finished at start). */
  onObjectsChanged(listener: (places: ObjectPlace[]) => void): () => void {
    this.#placeListeners.add(listener)
    return () => void this.#placeListeners.delete(listener)
  }

  /**
   * Runs a request of the window as a new row and resolves when the run ends. Refused before
   * any row exists when one of its sets runs already; a set refused before its journal opens
   * (nothing under the prefix, a folder into itself) rejects with the reason and shows no row.
   */
  async start(request: MoveRequestOfWindow): Promise<MoveObjectsResult> {
    const route = moveRoute(this.core, request.connectionId, request.toId)
    const identities = request.inputs.map((input) =>
      moveIdentity(route.connection, route.toConnection, moveRequestOf(input)),
    )
    for (const identity of identities)
      if ([...this.#entries.values()].some((e) => e.run && e.identities.includes(identity)))
        throw new FerryError({
          code: 'bad-input',
          message: `this ${request.op} is already running in Ferry (finishing one that was cut short, or asked for twice)`,
          fix: `Wait for it to finish (the Transfers panel shows it); the ${request.op} that runs does all of it.`,
        })
    // Asked for again while its row waits (paused, failed): that row runs, not a second one.
    const waiting = [...this.#entries.values()].find(
      (e) => !e.run && !FINISHED_STATES.has(e.summary.state) && e.identities.join() === identities.join(),
    )
    const entry = waiting ?? this.#newEntry(request, identities)
    const end = await this.#begin(entry, true)
    if (!entry.shown && end.result.errors[0]) {
      this.#entries.delete(entry.summary.id)
      throw FerryError.fromValue(end.result.errors[0])
    }
    return end.result
  }

  /** A set found unfinished at start: a row that waits (paused, or failed with `error`). */
  adopt(found: {
    setId: string
    op: 'move' | 'copy'
    input: MoveSetInput
    fromId: string
    toId?: string
    identity: string
    createdAt: string
    before: number
    error?: FerryErrorValue
  }): void {
    if (this.#entries.has(found.setId)) return
    const entry = this.#newEntry(
      {
        connectionId: found.fromId,
        ...(found.toId ? { toId: found.toId } : {}),
        op: found.op,
        inputs: [found.input],
      },
      [found.identity],
      found.setId,
    )
    const set = entry.sets[0]!
    set.setId = found.setId
    set.status = 'open'
    set.counts = { ...noCounts(), before: found.before }
    entry.summary.createdAt = found.createdAt
    entry.shown = true
    if (found.error) entry.summary.error = found.error
    else entry.summary.set.interrupted = true
    this.#refresh(entry)
    this.#set(entry, found.error ? 'failed' : 'paused')
  }

  /** Runs a row again (a resume from the panel, a set finished at start); resolves at its end. */
  resume(id: string): Promise<MoveRunEnd> {
    const entry = this.#get(id)
    if (entry.run) return entry.run
    if (FINISHED_STATES.has(entry.summary.state))
      return Promise.resolve({ result: emptyResult(), state: entry.summary.state })
    return this.#begin(entry, false)
  }

  pause(id: string): void {
    const entry = this.#get(id)
    if (!entry.run || entry.stopping) return
    entry.stopping = 'paused'
    entry.abort?.abort()
  }

  /** Stops a row for good: a running one through its signal, then its journals are cancelled. */
  async cancel(id: string): Promise<void> {
    const entry = this.#get(id)
    if (entry.run) {
      entry.stopping = 'cancelled'
      entry.abort?.abort()
      await entry.run
      return
    }
    if (FINISHED_STATES.has(entry.summary.state)) return
    await this.#cancelJournals(entry)
  }

  /** Forgets the done and cancelled rows, and the journals of the sets they finished; returns their ids. */
  async clearFinished(): Promise<string[]> {
    const ids: string[] = []
    const journalDir = this.core.transfers.journalDir
    for (const [id, entry] of this.#entries) {
      if (entry.run || !FINISHED_STATES.has(entry.summary.state)) continue
      this.#entries.delete(id)
      if (entry.shown) ids.push(id)
      await forgetFinished(journalDir, entry.sets)
    }
    return ids
  }

  /** Pauses what runs and waits for it: the journals keep the rest for a resume. */
  async close(): Promise<void> {
    const runs: Promise<MoveRunEnd>[] = []
    for (const entry of this.#entries.values()) {
      if (!entry.run) continue
      entry.stopping ??= 'paused'
      entry.abort?.abort()
      runs.push(entry.run)
    }
    await Promise.all(runs)
  }

  #newEntry(request: MoveRequestOfWindow, identities: string[], id = newTransferId()): Entry {
    const elsewhere = request.toId !== undefined && request.toId !== request.connectionId
    const entry: Entry = {
      summary: newSetRow(id, request, elsewhere),
      op: request.op,
      fromId: request.connectionId,
      ...(elsewhere ? { toId: request.toId } : {}),
      sets: request.inputs.map((input) => ({ input, status: 'new', counts: noCounts() })),
      identities,
      shown: false,
      speed: new SpeedMeter(),
    }
    this.#entries.set(id, entry)
    return entry
  }

  #begin(entry: Entry, waited: boolean): Promise<MoveRunEnd> {
    delete entry.stopping
    delete entry.summary.error
    delete entry.summary.set.interrupted
    entry.speed.reset()
    const abort = new AbortController()
    entry.abort = abort
    const run = this.#run(entry, abort.signal)
      .then((end) => {
        // A window that asked waits for the answer and refreshes itself; else it is told.
        if (!waited && end.state !== 'cancelled') this.#announcePlaces(entry)
        return end
      })
      .finally(() => {
        delete entry.run
        delete entry.abort
      })
    entry.run = run
    return run
  }

  async #run(entry: Entry, signal: AbortSignal): Promise<MoveRunEnd> {
    const result = emptyResult()
    const failures: FerryErrorValue[] = []
    let stopped: FerryErrorValue | undefined
    this.#set(entry, runningState(entry.op))
    try {
      const route = moveRoute(this.core, entry.fromId, entry.toId, signal)
      for (const set of entry.sets) {
        // Finished meanwhile by another process (ferry resume, once the app let go of it).
        const elsewhere = set.setId && (await finishedElsewhere(this.core.transfers.journalDir, set.setId))
        if (elsewhere) {
          set.status = 'done'
          set.counts = { ...noCounts(), before: elsewhere, complete: true }
          this.#refresh(entry)
        }
        if (set.status === 'done') continue
        if (signal.aborted) break
        set.counts = noCounts()
        let firstFailed: FerryErrorValue | undefined
        const summary = await runMoveSet(set.input, {
          ...route,
          signal,
          onEvent: (e) => {
            if (e.kind === 'opened') {
              set.setId = e.setId
              set.status = 'open'
              if (!entry.shown) {
                entry.shown = true
                this.#set(entry, runningState(entry.op))
              }
            }
            if (e.kind === 'failed') {
              result.errors.push(objectFailure(entry.op, e.error))
              firstFailed ??= e.error
            }
            set.counts = countEvent(set.counts, e)
            this.#refresh(entry)
          },
        })
        result.moved += summary.objects
        result.skipped += summary.skipped
        result.failed += summary.failed
        if (summary.stoppedBy) {
          stopped = summary.stoppedBy
          break
        }
        if (summary.failed > 0) failures.push(setFailure(entry.op, summary.failed, firstFailed!))
        else set.status = 'done'
      }
    } catch (e) {
      stopped = toErrorValue(e)
    }
    return { result, state: await this.#end(entry, result, stopped, failures) }
  }

  /** The row's state once its run stopped, and what the window's request is told of it. */
  async #end(
    entry: Entry,
    result: MoveObjectsResult,
    stopped: FerryErrorValue | undefined,
    failures: FerryErrorValue[],
  ): Promise<TransferState> {
    if (entry.stopping) result.errors.push(stopWords(entry.op, entry.stopping))
    if (entry.stopping === 'cancelled') {
      await this.#cancelJournals(entry)
      return entry.summary.state
    }
    if (entry.stopping === 'paused') {
      this.#set(entry, 'paused')
      return 'paused'
    }
    if (stopped) {
      if (!result.errors.includes(stopped)) result.errors.push(stopped)
      entry.summary.error = stoppedError(entry.op, stopped, entry.summary.set.objectsDone)
    } else if (failures.length > 0) {
      entry.summary.error = failures[0]!
    }
    const state: TransferState = entry.summary.error ? 'failed' : 'done'
    this.#set(entry, state)
    return state
  }

  /** What `ferry cancel` does to each set of the row that has a journal not done. */
  async #cancelJournals(entry: Entry): Promise<void> {
    try {
      await forgetSets(this.core, entry.sets, entry.toId ?? entry.fromId)
    } catch (e) {
      entry.summary.error = cancelFailed(entry.op, toErrorValue(e))
      this.#set(entry, 'failed')
      return
    }
    this.#set(entry, 'cancelled')
  }

  #announcePlaces(entry: Entry): void {
    const places = entry.sets.flatMap((s) =>
      placesOf(entry.op, s.input.source, moveRequestOf(s.input).target, entry.fromId, entry.toId),
    )
    for (const listener of this.#placeListeners) listener(places)
  }

  #get(id: string): Entry {
    const entry = this.#entries.get(id)
    if (!entry?.shown) throw notFound(id)
    return entry
  }

  #refresh(entry: Entry): void {
    const figures = rowFigures(entry.sets)
    const s = entry.summary
    s.set = { ...s.set, ...pick(figures) }
    s.bytesDone = figures.bytesDone
    s.size = figures.size
    entry.speed.sample(figures.bytesDone)
    s.speed = entry.run ? entry.speed.bytesPerSecond : 0
    if (entry.shown) this.#feed.touch(s)
  }

  #set(entry: Entry, state: TransferState): void {
    entry.summary.state = state
    if (state !== 'moving' && state !== 'copying') entry.summary.speed = 0
    if (entry.shown) this.#feed.touch(entry.summary)
  }
}

const pick = ({ objectsDone, objectsTotal, listed, skipped, failed }: ReturnType<typeof rowFigures>) => ({
  objectsDone,
  objectsTotal,
  listed,
  skipped,
  failed,
})

const emptyResult = (): MoveObjectsResult => ({ moved: 0, skipped: 0, failed: 0, errors: [] })
