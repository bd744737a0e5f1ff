// The scheduler's view of the journals on disk: the transfers of earlier runs (this process's,
// the CLI's, the daemon's), whether the engine ever started one, and what stops a resume.
import type { TransferSummary } from '../../../shared/domain/transfer'
import type { FerryError } from '../../../shared/errors'
import { JournalCatalog, summaryFromJournal } from '../../journal/catalog'
import type { JournalConnection, JournalView } from '../../journal/journal'
import { isRunning } from '../../journal/process-alive'
import { streamOwners, type MoveView } from '../../journal/move-journal'
import {
  noTransfer,
  streamOfUnfinishedSet,
  transferCancelled,
  transferRunningElsewhere,
} from '../../journal/transfer-errors'
import { onlyQueued } from './queued-journals'
import { setsRunningHere } from './sets-running-here'

export class JournalFront {
  readonly #catalog: JournalCatalog

  constructor(readonly journalDir: string) {
    this.#catalog = new JournalCatalog(journalDir)
  }

  summaries(): Promise<TransferSummary[]> {
    return this.#catalog.summaries()
  }

  /**
   * Journaled transfers that can be resumed (no final record, no live process), but not the
   * streams of a move or copy set that has not finished: the set settles those itself.
   */
  async resumable(): Promise<string[]> {
    const [ids, owners] = await Promise.all([this.#catalog.resumable(), this.#streamOwners()])
    return ids.filter((id) => !owners.has(id))
  }

  /** Throws when `id` is a stream a move or copy set started and has not settled. */
  async assertNotSetStream(id: string): Promise<void> {
    const set = (await this.#streamOwners()).get(id)
    if (set)
      throw streamOfUnfinishedSet(id, {
        id: set.header.id,
        op: set.header.op,
        toAnotherConnection: set.header.to !== undefined,
      })
  }

  /** Journaled transfers whose cancel did not finish: to cancel again, never to resume. */
  cancelsPending(): Promise<string[]> {
    return this.#catalog.cancelsPending()
  }

  /** Deletes the journals of transfers done or cancelled; returns their ids. */
  clearFinished(): Promise<string[]> {
    return this.#catalog.clearFinished()
  }

  /** streamOwners(), less the sets this process runs (another process's are left out there). */
  async #streamOwners(): Promise<Map<string, MoveView>> {
    const owners = await streamOwners(this.journalDir)
    for (const [id, set] of owners) if (setsRunningHere.has(set.header.identity)) owners.delete(id)
    return owners
  }

  exists(id: string): boolean {
    return this.#catalog.exists(id)
  }

  read(id: string): JournalView {
    return this.#catalog.read(id)
  }

  /** Where a journaled transfer's upload lives (no secrets: the journal holds none). */
  connection(id: string): JournalConnection {
    return this.#catalog.read(id).header.connection
  }

  /** Part sizes journaled for an object, for verifying it without guessing. */
  partSizesFor(bucket: string, key: string): Promise<number[]> {
    return this.#catalog.partSizesFor(bucket, key)
  }

  /** The engine journaled the transfer (it started once): more than the header of its queueing. */
  engineJournaled(id: string): boolean {
    if (!this.#catalog.exists(id)) return false
    try {
      return !onlyQueued(this.#catalog.read(id))
    } catch {
      // A damaged journal is the engine's to report, on resume.
      return true
    }
  }

  /**
   * A journaled transfer this process may resume: throws when it was cancelled or another
   * Ferry process still runs it. Returns its journal and a summary from it.
   */
  resumableView(id: string): { view: JournalView; summary: TransferSummary } {
    const view = this.#catalog.read(id)
    if (view.final?.status === 'cancelled') throw transferCancelled(id)
    if (!view.final && isRunning(view.writer)) throw transferRunningElsewhere(id, { pid: view.writer.pid })
    return { view, summary: summaryFromJournal(view, false) }
  }

  /** True while another live process writes this unfinished journal. */
  heldElsewhere(id: string): boolean {
    let view: JournalView
    try {
      view = this.#catalog.read(id)
    } catch {
      return false
    }
    return !view.final && isRunning(view.writer)
  }

  unknown(id: string): FerryError {
    return noTransfer(this.journalDir, id)
  }
}
