// Appends journal records durably. The header is fsynced (with its folder, so the new file's
// name survives a power cut) the moment the upload id exists; part records queued while a
// flush is in flight share the next write and fdatasync, so a burst of finished parts costs
// one disk flush rather than one each.
import { closeSync, fdatasync, fsync, mkdirSync, open as openFd, writeSync } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { FerryError } from '../../shared/errors'
import { redactSecrets } from '../../shared/secrets-in-use'
import { JOURNAL_SUFFIX, serializeRecord, type HeaderRecord, type JournalRecord } from './journal'
import {
  acquireBatchFd,
  batchLine,
  batchOf,
  batchPath,
  releaseBatchFd,
  writeBatchRecords,
} from './journal-batch'

export const journalPath = (journalDir: string, transferId: string): string =>
  join(journalDir, `${transferId}${JOURNAL_SUFFIX}`)

function diskError(e: unknown, path: string): FerryError {
  const code = (e as NodeJS.ErrnoException).code
  if (code === 'ENOSPC') {
    return new FerryError(
      {
        code: 'disk-full',
        message: `no space left to write ${path}`,
        fix: 'Free some disk space and resume the transfer.',
      },
      { cause: e },
    )
  }
  return new FerryError(
    {
      code: 'internal',
      message: `cannot write the transfer journal ${path} (${(e as Error).message})`,
      fix: 'Check that the state folder (FERRY_STATE_DIR) is writable.',
    },
    { cause: e },
  )
}

async function syncFolder(dir: string): Promise<void> {
  let handle: FileHandle | undefined
  try {
    handle = await open(dir, 'r')
    await handle.sync()
  } catch {
    // Windows cannot open or fsync a folder; its file system journals the name itself.
  } finally {
    await handle?.close().catch(() => {})
  }
}

const fdatasyncAsync = promisify(fdatasync)
const fsyncAsync = promisify(fsync)
const openAsync = promisify(openFd)

/** Folders already created in this process: a folder of small files opens a journal each. */
const knownFolders = new Set<string>()

/**
 * Appending and closing are synchronous calls: a record is a few hundred bytes for the
 * page cache, which takes microseconds, while each thread-pool round trip of the promise API
 * cost more than the write itself (a folder of small files opens, appends to and closes a
 * journal per file). Only the flushes to disk, which wait for the device, go to the pool.
 */
export class JournalWriter {
  #queue: string[] = []
  #flushing: Promise<void> | undefined
  #closed = false
  /** Written records not yet flushed to disk. */
  #unflushed = false

  private constructor(
    readonly path: string,
    private readonly fd: number,
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
      // The batch exists (its queued headers came first) and stays open between its files.
      if (batch) return new JournalWriter(path, acquireBatchFd(path), transferId)
      // Opening may create the file, which can take a millisecond of kernel time on a busy
      // disk: that waits in the thread pool, not on the engine's event loop.
      return new JournalWriter(path, await openAsync(path, 'a'))
    } catch (e) {
      throw diskError(e, path)
    }
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
  append(record: JournalRecord, durability: 'sync' | 'datasync' | 'none' = 'datasync'): Promise<void> {
    return this.appendAll([record], durability)
  }

  /** Several records in one write. */
  async appendAll(
    records: JournalRecord[],
    durability: 'sync' | 'datasync' | 'none' = 'datasync',
  ): Promise<void> {
    if (this.#closed) return
    // An error record may quote an SDK message that echoes a secret: journals never hold one.
    for (const record of records)
      this.#queue.push(
        redactSecrets(this.batched ? batchLine(this.batched, record) : serializeRecord(record)),
      )
    // Records queued behind a flush are written after it, so the file keeps their order.
    while (this.#flushing) await this.#flushing
    // Another caller may have written this record already, and maybe not flushed it.
    if (this.#queue.length > 0) this.#writeQueued()
    if (durability === 'none' || (!this.#unflushed && durability !== 'sync')) return
    this.#unflushed = false
    this.#flushing = (async () => {
      try {
        await (durability === 'sync' ? fsyncAsync(this.fd) : fdatasyncAsync(this.fd))
      } catch (e) {
        throw diskError(e, this.path)
      } finally {
        this.#flushing = undefined
      }
    })()
    await this.#flushing
  }

  #writeQueued(): void {
    const lines = this.#queue
    this.#queue = []
    this.#unflushed = true
    try {
      if (this.batched) writeBatchRecords(this.fd, lines)
      else {
        const bytes = Buffer.from(lines.join(''))
        for (let at = 0; at < bytes.length;) at += writeSync(this.fd, bytes, at)
      }
    } catch (e) {
      throw diskError(e, this.path)
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return
    while (this.#flushing) await this.#flushing.catch(() => {})
    if (this.#queue.length > 0) {
      try {
        this.#writeQueued()
      } catch {
        // Closing after a disk error: the transfer has already failed with that error.
      }
    }
    this.#closed = true
    if (this.batched) return releaseBatchFd(this.path)
    try {
      closeSync(this.fd)
    } catch {
      // Nothing left to lose: every record was written or reported.
    }
  }
}
