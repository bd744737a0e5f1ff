// The one durable append of Ferry's append-only files: the daemon's queue and timing logs,
// transfer journals and batch journals. What every one of them relies on:
// - the file is open with O_APPEND, and each write is one write() of complete lines, so a
//   reader (or another process appending) never sees our lines interleaved with anything;
//   a reader may still catch a write half copied into the page cache, which is why readers
//   go through log-lines.ts and leave an unterminated last line for later;
// - group commit: records queued while a flush is in flight share the next write and the next
//   fsync/fdatasync, so a burst of finished parts (or eight daemon clients at once) costs one
//   disk flush rather than one each;
// - a replace (the daemon's compaction) is a barrier in the same order: appends queued after
//   it land in the new file.
//
// Writes are synchronous calls: a record is a few hundred bytes for the page cache, which takes
// microseconds, while a thread-pool round trip of the promise API cost more than the write
// itself (a folder of small files appends to its batch per file). Only the flushes to disk,
// which wait for the device, go to the pool.
import {
  close,
  closeSync,
  fdatasync,
  fstat,
  fsync,
  ftruncate,
  ftruncateSync,
  open,
  openSync,
  rename,
  writeSync,
} from 'node:fs'
import { dirname } from 'node:path'
import { promisify } from 'node:util'
import { FerryError } from '../../shared/errors'
import { redactSecrets } from '../../shared/secrets-in-use'

const openAsync = promisify(open)
const closeAsync = promisify(close)
const fstatAsync = promisify(fstat)
const ftruncateAsync = promisify(ftruncate)
const fsyncAsync = promisify(fsync)
const fdatasyncAsync = promisify(fdatasync)
const renameAsync = promisify(rename)

/** 'sync' also flushes metadata; 'none' returns once written (its loss costs only a re-check). */
export type Durability = 'sync' | 'datasync' | 'none'

/** What disk errors call the file: a full disk under a transfer journal is mended by a resume. */
export type AppendKind = 'journal' | 'log'

export function diskError(e: unknown, path: string, kind: AppendKind = 'log'): FerryError {
  const code = (e as NodeJS.ErrnoException).code
  const journal = kind === 'journal'
  return new FerryError(
    code === 'ENOSPC'
      ? {
          code: 'disk-full',
          message: `no space left to write ${path}`,
          fix: journal ? 'Free some disk space and resume the transfer.' : 'Free some disk space.',
        }
      : {
          code: 'internal',
          message: `cannot write ${journal ? 'the transfer journal ' : ''}${path} (${(e as Error).message})`,
          fix: 'Check that the state folder (FERRY_STATE_DIR) is writable.',
        },
    { cause: e },
  )
}

/** Makes a file's name (creation or rename) survive a power cut. */
export async function syncFolder(dir: string): Promise<void> {
  let fd: number | undefined
  try {
    fd = await openAsync(dir, 'r')
    await fsyncAsync(fd)
  } catch {
    // Windows cannot open or fsync a folder; NTFS journals the name itself.
  } finally {
    if (fd !== undefined) await closeAsync(fd).catch(() => {})
  }
}

/**
 * One write() of the whole buffer. A regular file takes fewer bytes only when the disk (or the
 * file size limit) ran out mid-way; writing the rest in a second call could land after another
 * process's append, so a short write fails as a full disk instead.
 */
function writeOnce(fd: number, bytes: Buffer): void {
  const written = writeSync(fd, bytes, 0, bytes.length)
  if (written < bytes.length) {
    const error = new Error(`the disk took ${written} of ${bytes.length} bytes`) as NodeJS.ErrnoException
    error.code = 'ENOSPC'
    throw error
  }
}

export interface AppendOptions {
  kind: AppendKind
  /**
   * Several processes append to the file (a batch journal): each write starts with a newline,
   * so a write torn by a full disk damages only its own line, which readers skip.
   */
  isolate?: boolean
  /** Created with this mode (the daemon's logs are private to their user). */
  mode?: number
}

/** Appends `lines` (complete, newline-terminated) in one write and closes: no flush. */
export function appendOnce(path: string, lines: string, options: AppendOptions): void {
  const fd = openSync(path, 'a', options.mode)
  try {
    writeOnce(fd, Buffer.from(redactSecrets(options.isolate ? `\n${lines}` : lines), 'utf8'))
  } catch (e) {
    throw diskError(e, path, options.kind)
  } finally {
    closeSync(fd)
  }
}

type Item =
  | {
      kind: 'append'
      lines: string
      durability: Durability
      /** Runs synchronously the moment the record is on disk, before any other work on the file. */
      onDurable: (() => void) | undefined
      resolve: () => void
      reject: (e: unknown) => void
    }
  | { kind: 'replace'; produce: () => string; resolve: () => void; reject: (e: unknown) => void }

type AppendItem = Extract<Item, { kind: 'append' }>

export class DurableAppend {
  readonly #items: Item[] = []
  #draining = false
  #size: number
  #durableSize: number
  #closed = false

  private constructor(
    readonly path: string,
    private fd: number,
    size: number,
    private readonly options: AppendOptions,
    /** The file is this process's alone and its size is known: a torn write can be cut off. */
    private readonly owned: boolean,
  ) {
    this.#size = size
    this.#durableSize = size
  }

  /** Opens (creating) a file others may append to as well. The open waits in the thread pool. */
  static async open(path: string, options: AppendOptions): Promise<DurableAppend> {
    try {
      return new DurableAppend(path, await openAsync(path, 'a', options.mode), 0, options, false)
    } catch (e) {
      throw diskError(e, path, options.kind)
    }
  }

  static openSync(path: string, options: AppendOptions): DurableAppend {
    try {
      return new DurableAppend(path, openSync(path, 'a', options.mode), 0, options, false)
    } catch (e) {
      throw diskError(e, path, options.kind)
    }
  }

  /**
   * Opens (creating, 0600) a log only this process appends to. Bytes after `validLength` (a
   * line torn by a crash, never acknowledged because it never reached the disk whole) are
   * cut off first.
   */
  static async openLog(path: string, validLength?: number): Promise<DurableAppend> {
    let fd: number | undefined
    try {
      fd = await openAsync(path, 'a', 0o600)
      let { size } = await fstatAsync(fd)
      if (validLength !== undefined && validLength < size) {
        await ftruncateAsync(fd, validLength)
        size = validLength
      }
      // Lines written before a kill -9 sit in the page cache; make them as durable as the rest.
      await fsyncAsync(fd)
      await syncFolder(dirname(path))
      return new DurableAppend(path, fd, size, { kind: 'log', mode: 0o600 }, true)
    } catch (e) {
      if (fd !== undefined) await closeAsync(fd).catch(() => {})
      throw diskError(e, path)
    }
  }

  /** Bytes in the file, written or queued-and-written (for a file opened by openLog). */
  get size(): number {
    return this.#size
  }

  /** Bytes known to be on disk (for a file opened by openLog). */
  get durableSize(): number {
    return this.#durableSize
  }

  /**
   * Queues complete lines (each ending in a newline) and writes them, with whatever else is
   * queued, in one write; resolves once written, or once on disk unless `durability` is 'none'.
   */
  append(lines: string, durability: Durability, onDurable?: () => void): Promise<void> {
    // Nothing to wait for or to share a flush with: the small-file path (records that need
    // no flush, one file after another) skips the queue.
    if (durability === 'none' && !this.#draining && this.#items.length === 0 && !this.#closed) {
      try {
        this.#write(lines)
        return Promise.resolve()
      } catch (e) {
        return Promise.reject(diskError(e, this.path, this.options.kind))
      }
    }
    return new Promise((resolve, reject) => {
      if (this.#closed) {
        reject(diskError(new Error('the file is closed'), this.path, this.options.kind))
        return
      }
      this.#items.push({ kind: 'append', lines, durability, onDurable, resolve, reject })
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

  /** Waits for what is queued, then closes. */
  async close(): Promise<void> {
    while (this.#draining || this.#items.length > 0) await new Promise((r) => setImmediate(r))
    if (this.#closed) return
    this.#closed = true
    await closeAsync(this.fd).catch(() => {})
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
        await this.#commit(this.#items.splice(0, end) as AppendItem[])
      }
    } finally {
      this.#draining = false
    }
  }

  async #commit(batch: AppendItem[]): Promise<void> {
    try {
      this.#write(batch.length === 1 ? batch[0]!.lines : batch.map((b) => b.lines).join(''))
      const flush = batch.some((b) => b.durability === 'sync')
        ? fsyncAsync
        : batch.some((b) => b.durability === 'datasync')
          ? fdatasyncAsync
          : undefined
      if (flush) {
        await flush(this.fd)
        this.#durableSize = this.#size
        for (const b of batch) b.onDurable?.()
      }
      for (const b of batch) b.resolve()
    } catch (e) {
      const error = diskError(e, this.path, this.options.kind)
      for (const b of batch) b.reject(error)
    }
  }

  #write(lines: string): void {
    // An error record may quote an SDK message that echoes a secret: no secret in use reaches the disk.
    const text = redactSecrets(this.options.isolate ? `\n${lines}` : lines)
    const bytes = Buffer.from(text, 'utf8')
    try {
      writeOnce(this.fd, bytes)
    } catch (e) {
      // A torn line would swallow the next append into a damaged line: cut it off while the
      // file is ours alone.
      if (this.owned) {
        try {
          ftruncateSync(this.fd, this.#size)
        } catch {
          // The next open cuts it off instead (to the last whole line).
        }
      }
      throw e
    }
    this.#size += bytes.length
  }

  async #replace(item: Extract<Item, { kind: 'replace' }>): Promise<void> {
    const tmp = `${this.path}.tmp`
    try {
      const bytes = Buffer.from(item.produce(), 'utf8')
      const out = await openAsync(tmp, 'w', this.options.mode)
      try {
        writeOnce(out, bytes)
        await fsyncAsync(out)
      } finally {
        await closeAsync(out)
      }
      await renameAsync(tmp, this.path)
      await syncFolder(dirname(this.path))
      const next = await openAsync(this.path, 'a', this.options.mode)
      await closeAsync(this.fd).catch(() => {})
      this.fd = next
      this.#size = bytes.length
      this.#durableSize = bytes.length
      item.resolve()
    } catch (e) {
      item.reject(diskError(e, this.path, this.options.kind))
    }
  }
}
