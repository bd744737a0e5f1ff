// Appends journal records durably (durable-append.ts). The header is fsynced (with its folder,
// so the new file's name survives a power cut) the moment the upload id exists; part records
// queued while a flush is in flight share the next write and fdatasync, so a burst of finished
// parts costs one disk flush rather than one each.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { diskError, DurableAppend, syncFolder, type Durability } from './durable-append'
import { JOURNAL_SUFFIX, serializeRecord, type HeaderRecord, type JournalRecord } from './journal'
import { acquireBatchLog, batchLine, batchOf, batchPath, releaseBatchLog } from './journal-batch'

export const journalPath = (journalDir: string, transferId: string): string =>
  join(journalDir, `${transferId}${JOURNAL_SUFFIX}`)

/** Folders already created in this process: a folder of small files opens a journal each. */
const knownFolders = new Set<string>()

export class JournalWriter {
  #closed = false
  /** The last append: closing waits for it, as for every one before it (they commit in order). */
  #last: Promise<void> = Promise.resolve()

  private constructor(
    readonly path: string,
    private readonly log: DurableAppend,
    /** The transfer whose records this writes into a shared batch file (journal-batch.ts). */
    private readonly batched?: string,
  ) {}

  /** Opens (creating if needed) the journal of a transfer, or its batch, for appending. */
  static async open(journalDir: string, transferId: string): Promise<JournalWriter> {
    const batch = batchOf(transferId)
    const path = batch ? batchPath(journalDir, batch) : journalPath(journalDir, transferId)
    try {
      if (!knownFolders.has(journalDir)) {
        mkdirSync(journalDir, { recursive: true })
        knownFolders.add(journalDir)
      }
    } catch (e) {
      throw diskError(e, path, 'journal')
    }
    // The batch exists (its queued headers came first) and stays open between its files.
    if (batch) return new JournalWriter(path, acquireBatchLog(path), transferId)
    // Opening may create the file, which can take a millisecond of kernel time on a busy
    // disk: that waits in the thread pool, not on the engine's event loop.
    return new JournalWriter(path, await DurableAppend.open(path, { kind: 'journal' }))
  }

  /** Writes a header and makes it durable before returning: the upload id must never be lost. */
  async writeHeader(header: HeaderRecord): Promise<void> {
    await this.append(header, 'sync')
    await syncFolder(join(this.path, '..'))
  }

  /**
   * Queues a record. 'datasync' waits until it is on disk, 'sync' also flushes metadata,
   * 'none' returns once written (for records whose loss costs nothing but a re-check).
   */
  append(record: JournalRecord, durability: Durability = 'datasync'): Promise<void> {
    return this.appendAll([record], durability)
  }

  /** Several records in one write. */
  appendAll(records: JournalRecord[], durability: Durability = 'datasync'): Promise<void> {
    if (this.#closed) return Promise.resolve()
    let lines = ''
    for (const record of records)
      lines += this.batched ? batchLine(this.batched, record) : serializeRecord(record)
    const appended = this.log.append(lines, durability)
    this.#last = appended.catch(() => {})
    return appended
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    // Closing after a disk error: the transfer has already failed with that error.
    await this.#last
    if (this.batched) releaseBatchLog(this.path)
    else await this.log.close()
  }
}
