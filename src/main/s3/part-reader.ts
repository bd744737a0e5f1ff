// Reads byte ranges of the source straight into caller-owned buffers: no streams, no copies
// between the disk read and the request body. A part is read twice through one small chunk
// buffer (its MD5 and CRC32 first, since both go in headers; then its body, as it is sent), so an
// upload holds concurrency x chunk bytes, not concurrency x part size.
import { createHash } from 'node:crypto'
import { open, type FileHandle } from 'node:fs/promises'
import type { Writable } from 'node:stream'
import { FerryError } from '../../shared/errors'
import { crc32Of } from './full-object-checksum'
import { sourceChanged, sourceError } from './source-file'

export class PartReader {
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  static async open(path: string): Promise<PartReader> {
    try {
      return new PartReader(path, await open(path, 'r'))
    } catch (e) {
      throw sourceError(e, path)
    }
  }

  /** Fills buffer[0, end - start) with the file's bytes [start, end) and returns that view. */
  async read(buffer: Buffer, start: number, end: number): Promise<Buffer> {
    const length = end - start
    let filled = 0
    try {
      while (filled < length) {
        const { bytesRead } = await this.handle.read(buffer, filled, length - filled, start + filled)
        if (bytesRead === 0)
          throw sourceChanged(this.path, `it ended at ${start + filled} bytes, before ${end}`)
        filled += bytesRead
      }
    } catch (e) {
      if (e instanceof FerryError) throw e
      throw sourceError(e, this.path)
    }
    return buffer.subarray(0, length)
  }

  /**
   * The MD5 of the file's bytes [start, end), and with `crc` their CRC32, read once through
   * `chunk`: the MD5 for Content-MD5, the CRC32 for the part's and, combined, the whole
   * object's checksum (only where the store keeps one: it costs about 0.2 CPU-s per GiB).
   */
  async digestsOf(
    start: number,
    end: number,
    chunk: Buffer,
    crc = false,
  ): Promise<{ md5: Buffer; crc32: number | undefined }> {
    const hash = createHash('md5')
    let crc32 = 0
    for (let at = start; at < end; at += chunk.length) {
      const bytes = await this.read(chunk, at, Math.min(end, at + chunk.length))
      hash.update(bytes)
      if (crc) crc32 = crc32Of(bytes, crc32)
    }
    return { md5: hash.digest(), crc32: crc ? crc32 : undefined }
  }

  /**
   * Writes the file's bytes [start, end) to `out` through `chunk`. The next read into the chunk
   * waits until `out` has taken the previous one: a socket holds on to what it was given
   * until the kernel has it.
   */
  async writeRange(start: number, end: number, chunk: Buffer, out: Writable): Promise<void> {
    for (let at = start; at < end; at += chunk.length) {
      const view = await this.read(chunk, at, Math.min(end, at + chunk.length))
      await new Promise<void>((resolve, reject) => {
        out.write(view, (e) => (e ? reject(e) : resolve()))
      })
    }
  }

  async close(): Promise<void> {
    await this.handle.close().catch(() => {})
  }
}
