// Reads the partial file back in order, just behind the ranges as they finish, and feeds
// the ETag hasher. The bytes checked are the bytes on disk (those of an earlier, resumed
// run included), the reads hit the page cache, and hashing overlaps the download instead
// of adding a pass after it.
import type { FileHandle } from 'node:fs/promises'
import type { EtagHasher } from '../../s3/etag-hasher'
import type { ByteRange } from './range-plan'

const READ_BUFFER = 1024 * 1024

export class HashFollower {
  private readonly finished: boolean[]
  private next = 0
  private reading: Promise<void> = Promise.resolve()
  private failure: unknown
  private readonly buffer = Buffer.allocUnsafe(READ_BUFFER)

  constructor(
    private readonly file: FileHandle,
    private readonly ranges: readonly ByteRange[],
    private readonly hasher: EtagHasher,
  ) {
    this.finished = ranges.map(() => false)
  }

  /** Marks a range finished; hashing continues in the background up to the first gap. */
  finish(index: number): void {
    this.finished[index] = true
    this.reading = this.reading
      .then(() => this.drain())
      .catch((e: unknown) => {
        this.failure ??= e
      })
  }

  private async drain(): Promise<void> {
    if (this.failure) return
    while (this.next < this.ranges.length && this.finished[this.next]) {
      const range = this.ranges[this.next]!
      for (let position = range.start; position < range.end;) {
        const want = Math.min(READ_BUFFER, range.end - position)
        const { bytesRead } = await this.file.read(this.buffer, 0, want, position)
        if (bytesRead === 0)
          throw new Error(
            `the partial file ends at ${position}, before the finished range ending at ${range.end}`,
          )
        this.hasher.update(this.buffer.subarray(0, bytesRead))
        position += bytesRead
      }
      this.next++
    }
  }

  /** Waits for the hashing of every range; all must have been finished. */
  async done(): Promise<void> {
    await this.reading
    if (this.failure) throw this.failure
    if (this.next !== this.ranges.length)
      throw new Error(`hashing stopped at range ${this.next} of ${this.ranges.length}`)
  }
}
