// file:// sources: ranges are positional reads; size and modification time identify the
// version, checked before every range as If-Range would. A pipe or a device is read once.
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { sourceError } from '../../s3/source-file'
import { sourceVersionChanged } from './source-errors'
import type { SourceBody, SourceIdentity, SourceInfo, StreamSource } from './source'

const STDIN = '/dev/stdin'

export class FileSource implements StreamSource {
  readonly display: string
  readonly #path: string

  constructor(url: URL, display: string) {
    this.display = display
    this.#path = fileURLToPath(url)
  }

  async probe(): Promise<SourceInfo> {
    const id = await this.#identity()
    // A pipe, a FIFO or a device (file:///dev/stdin) has no length and no ranges: it is read
    // once, front to back, as a source of unknown size.
    return { ...id, ranges: id.size !== undefined, offered: [] }
  }

  async open(from: { start: number; end?: number }, expect: SourceIdentity | undefined): Promise<SourceBody> {
    if (expect) {
      const now = await this.#identity()
      if (now.size !== expect.size || now.lastModified !== expect.lastModified)
        throw sourceVersionChanged(this.display, 'its size or modification time differs')
    }
    // Standard input (ferry stream -, whose engine runs in the command's own process) is read
    // as the process holds it: a socket from some parents cannot be opened again by its path.
    if (this.#path === STDIN && from.start === 0 && from.end === undefined && !(await this.#identity()).size)
      return { chunks: process.stdin, close: () => process.stdin.destroy() }
    // A pipe cannot seek: it is read from where it stands (the unsized path asks from 0 only).
    const positional = from.start > 0 || from.end !== undefined
    const stream = createReadStream(this.#path, {
      ...(positional ? { start: from.start } : {}),
      ...(from.end !== undefined ? { end: from.end - 1 } : {}),
      highWaterMark: 1024 * 1024,
    })
    return { chunks: stream, close: () => stream.destroy() }
  }

  close(): void {}

  async #identity(): Promise<SourceIdentity> {
    try {
      const s = await stat(this.#path).catch((e: NodeJS.ErrnoException) => {
        // A closed or unnamed standard input: read as a stream of unknown size all the same.
        if (this.#path === STDIN) return undefined
        throw e
      })
      if (!s?.isFile()) return {}
      return { size: s.size, lastModified: new Date(s.mtimeMs).toISOString() }
    } catch (e) {
      throw sourceError(e, this.display)
    }
  }
}
