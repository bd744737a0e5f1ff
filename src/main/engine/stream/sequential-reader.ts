// Reads a source that serves no ranges (or no length) front to back over one response,
// handing out parts in order. sendParts asks for parts in increasing order, so read() calls
// are served one after another; a part skipped on resume is read past (and hashed). A body
// that breaks off is opened again from the start and read past what was already taken:
// without ranges there is no other way back to the byte it reached.
import { FerryError } from '../../../shared/errors'
import type { RangeSource } from '../multipart-upload'
import { withSourceRetries, type ReaderContext } from './range-reader'
import type { SourceBody } from './source'

const truncated = () =>
  Object.assign(new Error('the connection closed before the whole source arrived'), { code: 'ECONNRESET' })

export class SequentialReader implements RangeSource {
  /** Requests sent: one, plus one per broken connection. */
  requests = 0
  #offset = 0
  #body: SourceBody | undefined
  #iterator: AsyncIterator<Buffer> | undefined
  #leftover: Buffer | undefined
  #ended = false
  #chain: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly ctx: ReaderContext,
    /** Known size: a body that ends before it was cut short. */
    private readonly size: number | undefined,
  ) {}

  /** Bytes handed out so far. */
  get offset(): number {
    return this.#offset
  }

  read(buffer: Buffer, start: number, end: number): Promise<Buffer> {
    return this.#queued(() => this.#readAt(buffer, start, end))
  }

  /** The next buffer.length bytes, fewer at the end, none after it. */
  readNext(buffer: Buffer): Promise<Buffer> {
    return this.#queued(() => this.#readAt(buffer, this.#offset, this.#offset + buffer.length))
  }

  close(): void {
    this.#body?.close()
    this.#body = undefined
    this.#iterator = undefined
  }

  #queued(run: () => Promise<Buffer>): Promise<Buffer> {
    const result = this.#chain.then(run)
    this.#chain = result.catch(() => {})
    return result
  }

  async #readAt(buffer: Buffer, start: number, end: number): Promise<Buffer> {
    const { digest } = this.ctx
    try {
      if (start < this.#offset) {
        throw new FerryError({
          code: 'internal',
          message: `bytes from ${start} were asked for after ${this.#offset} were read from a source without ranges`,
          fix: 'Resume the transfer; report this if it repeats.',
        })
      }
      while (this.#offset < start) {
        const chunk = await this.#next(start - this.#offset)
        if (!chunk) throw this.#endedEarly()
        await digest.add(this.#offset, chunk)
        this.#offset += chunk.length
      }
      let filled = 0
      while (filled < end - start) {
        const chunk = await this.#next(end - start - filled)
        if (!chunk) break
        chunk.copy(buffer, filled)
        filled += chunk.length
        this.#offset += chunk.length
      }
      if (this.size !== undefined && filled < end - start) throw this.#endedEarly()
      const bytes = buffer.subarray(0, filled)
      await digest.add(start, bytes)
      return bytes
    } catch (e) {
      digest.fail(`the source could not be read past byte ${this.#offset}`)
      throw e
    }
  }

  #endedEarly(): FerryError {
    return new FerryError({
      code: 'source-changed',
      message: `${this.ctx.source.display} ended at ${this.#offset} bytes, before the ${this.size ?? '?'} it announced`,
      fix: 'Run the transfer again once the source is complete.',
    })
  }

  /** The next chunk of at most `max` bytes, or undefined at the end of the source. */
  async #next(max: number): Promise<Buffer | undefined> {
    if (this.#leftover) {
      const chunk = this.#leftover.subarray(0, max)
      this.#leftover = this.#leftover.length > max ? this.#leftover.subarray(max) : undefined
      return chunk
    }
    if (this.#ended) return undefined
    let chunk: Buffer | undefined
    await withSourceRetries(
      this.ctx,
      () => this.#offset,
      async () => {
        try {
          if (!this.#iterator) {
            await this.#reopen()
            if (this.#leftover) {
              chunk = this.#leftover
              this.#leftover = undefined
              return true
            }
          }
          const r = await this.#iterator!.next()
          if (r.done) {
            if (this.size !== undefined && this.#offset < this.size) throw truncated()
            this.#ended = true
            return true
          }
          chunk = r.value
          return true
        } catch (e) {
          this.close()
          throw e
        }
      },
    )
    if (!chunk) return undefined
    if (chunk.length > max) {
      this.#leftover = chunk.subarray(max)
      return chunk.subarray(0, max)
    }
    return chunk
  }

  async #reopen(): Promise<void> {
    this.requests++
    this.#body = await this.ctx.source.open({ start: 0 }, this.ctx.expect, this.ctx.signal)
    this.#iterator = this.#body.chunks[Symbol.asyncIterator]()
    // Read past what earlier connections delivered (not hashed again: it was, then).
    let at = 0
    while (at < this.#offset) {
      const r = await this.#iterator.next()
      if (r.done) throw truncated()
      const need = this.#offset - at
      if (r.value.length > need) {
        this.#leftover = r.value.subarray(need)
        at = this.#offset
      } else at += r.value.length
    }
  }
}
