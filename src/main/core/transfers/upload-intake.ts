// Uploads enter the scheduler here: every file journaled as it is queued (queued-journals.ts),
// the first ones before the upload is accepted and the rest while those already upload.
import type { TransferSummary } from '../../../shared/domain/transfer'
import type { EngineConnection } from '../../../shared/engine-protocol'
import type { HeaderRecord } from '../../journal/journal'
import { batchOf } from '../../journal/journal-batch'
import type { ConnectionChoice } from './connection-resolution'
import { FIRST_JOURNALED, forgetQueued, journalQueued, journalRest } from './queued-journals'
import type { RunScheduler } from './run-scheduler'
import type { ScheduleOptions } from './transfer-entry'
import type { queuedUploads } from './upload-plan'

export class UploadIntake {
  /** Queued journals still being written (journalRest). */
  readonly #journaling = new Set<Promise<void>>()

  constructor(private readonly s: RunScheduler) {}

  /** Resolves once every queued journal being written is on disk (or failed). */
  async journaled(): Promise<void> {
    await Promise.allSettled([...this.#journaling])
  }

  async accept(
    planned: ReturnType<typeof queuedUploads>,
    options: ScheduleOptions,
    assertOpen: () => void,
  ): Promise<TransferSummary[]> {
    const created: TransferSummary[] = []
    // Journaled before it can start: a process that dies leaves every file resumable. A batch of
    // small files (one write) and the first files with journals of their own now, the rest of
    // those while the first upload.
    const solo = planned.filter((p) => !batchOf(p.header.transferId))
    const rest = solo.slice(FIRST_JOURNALED)
    await journalQueued(this.s.journals.journalDir, [
      ...planned.filter((p) => batchOf(p.header.transferId)).map((p) => p.header),
      ...solo.slice(0, FIRST_JOURNALED).map((p) => p.header),
    ])
    assertOpen()
    for (const { entry } of rest) entry.queuedJournal = 'writing'
    for (const { entry } of planned) {
      entry.schedule = { ...options }
      this.s.enqueue(entry)
      created.push({ ...entry.summary })
    }
    this.s.pump()
    if (rest.length > 0) this.#journalRest(rest.map((p) => p.header))
    return created
  }

  /**
   * Resolves the credentials while the files are walked and journaled rather than after, when
   * the first file asks: the SDK's chain then loads its providers and reads ~/.aws through the
   * thread pool behind the walk's stats and the journals, which held the first file back by
   * 270 to 345 ms in a folder of 1,000. A failure is left for the first file to meet and report.
   */
  prepareEarly(request: ConnectionChoice): void {
    let connection: EngineConnection
    try {
      connection = this.s.connectionOf(request)
    } catch {
      return // plan() reports it
    }
    this.s.credentials.prepare(connection).catch(() => {})
  }

  #journalRest(headers: HeaderRecord[]): void {
    const cancelled = (id: string) => this.s.entries.get(id)?.summary.state === 'cancelled'
    const writing = journalRest(this.s.journals.journalDir, headers, {
      wanted: (id) => !cancelled(id),
      journaled: (ids) => {
        for (const id of ids) {
          const entry = this.s.entries.get(id)
          if (entry) entry.queuedJournal = 'written'
          // Cancelled while its journal was being written.
          if (cancelled(id)) forgetQueued(this.s.journals.journalDir, id)
        }
        this.s.pump()
      },
      failed: (ids, error) => {
        for (const id of ids) {
          const entry = this.s.entries.get(id)
          if (!entry || cancelled(id)) continue
          this.s.dequeue(id)
          // A retry starts it without a queued journal, as the engine journals it at its start.
          entry.queuedJournal = 'written'
          this.s.fail(entry, error)
        }
        this.s.pump()
      },
    })
    this.#journaling.add(writing)
    void writing.finally(() => this.#journaling.delete(writing))
  }
}
