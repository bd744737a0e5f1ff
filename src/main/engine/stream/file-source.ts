// file:// sources: ranges are positional reads; size and modification time identify the
// version, checked before every range as If-Range would.
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { sourceError } from '../../s3/source-file'
import { sourceVersionChanged } from './source-errors'
import type { SourceBody, SourceIdentity, SourceInfo, StreamSource } from './source'

export class FileSource implements StreamSource {
  readonly display: string
  readonly #path: string

  constructor(url: URL, display: string) {
    this.display = display
    this.#path = fileURLToPath(url)
  }

  async probe(): Promise<SourceInfo> {
    return { ...(await this.#identity()), ranges: true, offered: [] }
  }

  async open(from: { start: number; end?: number }, expect: SourceIdentity | undefined): Promise<SourceBody> {
    if (expect) {
      const now = await this.#identity()
      if (now.size !== expect.size || now.lastModified !== expect.lastModified)
        throw sourceVersionChanged(this.display, 'its size or modification time differs')
    }
    const stream = createReadStream(this.#path, {
      start: from.start,
      ...(from.end !== undefined ? { end: from.end - 1 } : {}),
      highWaterMark: 1024 * 1024,
    })
    return { chunks: stream, close: () => stream.destroy() }
  }

  close(): void {}

  async #identity(): Promise<SourceIdentity> {
    try {
      const s = await stat(this.#path)
      return { size: s.size, lastModified: new Date(s.mtimeMs).toISOString() }
    } catch (e) {
      throw sourceError(e, this.display)
    }
  }
}
