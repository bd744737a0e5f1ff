// Reads byte ranges of the source straight into caller-owned buffers: no streams, no
// intermediate chunks, no copies between the disk read and the request body.
import { open, type FileHandle } from 'node:fs/promises'
import { FerryError } from '../../shared/errors'
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

  async close(): Promise<void> {
    await this.handle.close().catch(() => {})
  }
}
