// An append-only file of JSON lines with group commit: records queued while a write is in
// flight share the next write and the next fdatasync, so eight clients submitting at once
// cost one disk flush rather than eight. A replace (compaction) is a barrier in the same
// order: appends queued after it land in the new file.
import { open, rename, type FileHandle } from 'node:fs/promises'
import { dirname } from 'node:path'
import { FerryError } from '../../shared/errors'
import { redactSecrets } from '../../shared/secrets-in-use'

type Item =
  | {
      kind: 'append'
      bytes: Buffer
      durable: boolean
      /** Runs synchronously the moment the record is on disk, before any other log work. */
      onDurable: (() => void) | undefined
      resolve: () => void
      reject: (e: unknown) => void
    }
  | { kind: 'replace'; produce: () => string; resolve: () => void; reject: (e: unknown) => void }

export function diskError(e: unknown, path: string): FerryError {
  const code = (e as NodeJS.ErrnoException).code
  return new FerryError(
    code === 'ENOSPC'
      ? { code: 'disk-full', message: `no space left to write ${path}`, fix: 'Free some disk space.' }
      : {
          code: 'internal',
          message: `cannot write ${path} (${(e as Error).message})`,
          fix: 'Check that the state folder (FERRY_STATE_DIR) is writable.',
        },
    { cause: e },
  )
}

/** Makes a file's name (creation or rename) survive a power cut. */
export async function syncFolder(dir: string): Promise<void> {
  let handle: FileHandle | undefined
  try {
    handle = await open(dir, 'r')
    await handle.sync()
  } catch {
    // Windows cannot open or fsync a folder; NTFS journals the name itself.
  } finally {
    await handle?.close().catch(() => {})
  }
}

async function writeAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  for (let done = 0; done < bytes.length;) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done)
    done += bytesWritten
  }
}

export class AppendLog {
  readonly #items: Item[] = []
  #draining = false
  #size: number
  #durableSize: number
  #closed = false

  private constructor(
    readonly path: string,
    private handle: FileHandle,
    size: number,
  ) {
    this.#size = size
    this.#durableSize = size
  }

  /**
   * Opens the file for appending (created 0600). Bytes after `validLength` (a line torn by
   * a crash, never acknowledged because it never reached the disk whole) are cut off first.
   */
  static async open(path: string, validLength?: number): Promise<AppendLog> {
    try {
      const handle = await open(path, 'a+', 0o600)
      const { size } = await handle.stat()
      let length = size
      if (validLength !== undefined && validLength < size) {
        await handle.truncate(validLength)
        length = validLength
      }
      // Lines written before a kill -9 sit in the page cache; make them as durable as the rest.
      await handle.sync()
      await syncFolder(dirname(path))
      return new AppendLog(path, handle, length)
    } catch (e) {
      throw diskError(e, path)
    }
  }

  /** Bytes in the file, written or queued-and-written. */
  get size(): number {
    return this.#size
  }

  /** Bytes known to be on disk. */
  get durableSize(): number {
    return this.#durableSize
  }

  append(line: string, durable: boolean, onDurable?: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.#closed) {
        reject(diskError(new Error('the log is closed'), this.path))
        return
      }
      this.#items.push({
        kind: 'append',
        // Queue and timing records quote errors; no secret in use reaches the disk through them.
        bytes: Buffer.from(redactSecrets(line), 'utf8'),
        durable,
        onDurable,
        resolve,
        reject,
      })
      void this.#drain()
    })
  }

  /** Atomically replaces the file with what `produce` returns when its turn comes. */
  replace(produce: () => string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#items.push({ kind: 'replace', produce, resolve, reject })
      void this.#drain()
    })
  }

  async close(): Promise<void> {
    while (this.#draining || this.#items.length > 0) await new Promise((r) => setImmediate(r))
    if (this.#closed) return
    this.#closed = true
    await this.handle.close().catch(() => {})
  }

  async #drain(): Promise<void> {
    if (this.#draining) return
    this.#draining = true
    try {
      while (this.#items.length > 0) {
        const first = this.#items[0]!
        if (first.kind === 'replace') {
          this.#items.shift()
          await this.#replace(first)
          continue
        }
        let end = 0
        while (end < this.#items.length && this.#items[end]!.kind === 'append') end++
        const batch = this.#items.splice(0, end) as Extract<Item, { kind: 'append' }>[]
        try {
          const bytes = Buffer.concat(batch.map((b) => b.bytes))
          await writeAll(this.handle, bytes)
          this.#size += bytes.length
          if (batch.some((b) => b.durable)) {
            await this.handle.datasync()
            this.#durableSize = this.#size
            for (const b of batch) b.onDurable?.()
          }
          for (const b of batch) b.resolve()
        } catch (e) {
          const error = diskError(e, this.path)
          for (const b of batch) b.reject(error)
        }
      }
    } finally {
      this.#draining = false
    }
  }

  async #replace(item: Extract<Item, { kind: 'replace' }>): Promise<void> {
    const tmp = `${this.path}.tmp`
    try {
      const bytes = Buffer.from(item.produce(), 'utf8')
      const out = await open(tmp, 'w', 0o600)
      try {
        await writeAll(out, bytes)
        await out.sync()
      } finally {
        await out.close()
      }
      await rename(tmp, this.path)
      await syncFolder(dirname(this.path))
      const next = await open(this.path, 'a+', 0o600)
      await this.handle.close().catch(() => {})
      this.handle = next
      this.#size = bytes.length
      this.#durableSize = bytes.length
      item.resolve()
    } catch (e) {
      item.reject(diskError(e, this.path))
    }
  }
}
