// Appends journal records durably. The header is fsynced (with its folder, so the new file's
// name survives a power cut) the moment the upload id exists; part records queued while a
// write is in flight share the next write and fdatasync, so a burst of finished parts costs
// one disk flush rather than one each.
import { mkdir, open, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { FerryError } from '../../shared/errors'
import { redactSecrets } from '../core/secrets/secrets-in-use'
import { JOURNAL_SUFFIX, serializeRecord, type HeaderRecord, type JournalRecord } from './journal'

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

/** Folders already created in this process: a folder of small files opens a journal each. */
const knownFolders = new Set<string>()

export class JournalWriter {
  #queue: string[] = []
  #flushing: Promise<void> | undefined
  #closed = false

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  /** Opens (creating if needed) the journal of a transfer for appending. */
  static async open(journalDir: string, transferId: string): Promise<JournalWriter> {
    const path = journalPath(journalDir, transferId)
    try {
      if (!knownFolders.has(journalDir)) {
        await mkdir(journalDir, { recursive: true })
        knownFolders.add(journalDir)
      }
      const handle = await open(path, 'a')
      return new JournalWriter(path, handle)
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
  async append(record: JournalRecord, durability: 'sync' | 'datasync' | 'none' = 'datasync'): Promise<void> {
    if (this.#closed) return
    // An error record may quote an SDK message that echoes a secret: journals never hold one.
    this.#queue.push(redactSecrets(serializeRecord(record)))
    while (this.#flushing) await this.#flushing
    if (this.#queue.length === 0 && durability === 'none') return
    const batch = this.#queue.join('')
    this.#queue = []
    if (batch === '') return
    this.#flushing = (async () => {
      try {
        await this.handle.write(batch)
        if (durability === 'sync') await this.handle.sync()
        else if (durability === 'datasync') await this.handle.datasync()
      } catch (e) {
        throw diskError(e, this.path)
      } finally {
        this.#flushing = undefined
      }
    })()
    await this.#flushing
  }

  async close(): Promise<void> {
    if (this.#closed) return
    while (this.#flushing) await this.#flushing.catch(() => {})
    if (this.#queue.length > 0) await this.handle.write(this.#queue.join('')).catch(() => {})
    this.#closed = true
    await this.handle.close().catch(() => {})
  }
}
