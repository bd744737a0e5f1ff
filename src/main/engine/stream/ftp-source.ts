// ftp:// sources through basic-ftp (passive mode, anonymous or with the URL's credentials).
// A range is REST + RETR on a connection of its own, closed once the part has its bytes:
// FTP cannot bound a transfer, and a control connection carries one transfer at a time.
// SIZE and MDTM identify the version, checked again before every range (FTP has no If-Range).
import { PassThrough } from 'node:stream'
import type { Client } from 'basic-ftp'
import {
  SourceRequestError,
  sourceDenied,
  sourceNotFound,
  sourceRefused,
  sourceVersionChanged,
} from './source-errors'
import type { SourceBody, SourceIdentity, SourceInfo, StreamSource } from './source'

// Loaded on first use: most engines never stream from FTP, and basic-ftp brings tls and its
// parser into memory (about 10 MiB of resident memory the engine's RSS target counts).
let ftp: typeof import('basic-ftp') | undefined
const loadFtp = async (): Promise<typeof import('basic-ftp')> => (ftp ??= await import('basic-ftp'))

const CONNECT_TIMEOUT_MS = 30_000
const BUFFER_BYTES = 1024 * 1024

export class FtpSource implements StreamSource {
  readonly display: string
  readonly #path: string

  constructor(
    private readonly url: URL,
    display: string,
  ) {
    this.display = display
    this.#path = decodeURIComponent(url.pathname)
  }

  async probe(signal: AbortSignal): Promise<SourceInfo> {
    const client = await this.#connect(signal)
    try {
      const identity = await this.#identity(client)
      return { ...identity, ranges: true, offered: [] }
    } catch (e) {
      throw this.#mapped(e)
    } finally {
      client.close()
    }
  }

  async open(
    from: { start: number; end?: number },
    expect: SourceIdentity | undefined,
    signal: AbortSignal,
  ): Promise<SourceBody> {
    const client = await this.#connect(signal)
    const body = new PassThrough({ highWaterMark: BUFFER_BYTES })
    const close = () => {
      client.close()
      body.destroy()
    }
    try {
      if (expect) {
        const now = await this.#identity(client)
        if (expect.size !== undefined && now.size !== expect.size)
          throw sourceVersionChanged(this.display, `its size went from ${expect.size} to ${now.size} bytes`)
        if (expect.lastModified && now.lastModified && now.lastModified !== expect.lastModified)
          throw sourceVersionChanged(
            this.display,
            `its modification time went from ${expect.lastModified} to ${now.lastModified}`,
          )
      }
    } catch (e) {
      close()
      throw this.#mapped(e)
    }
    // basic-ftp pipes the data socket into `body` and ends it when the file ends; a failure
    // (or our own close) destroys it, which the reader sees as a broken body and retries.
    client.downloadTo(body, this.#path, from.start).then(
      () => client.close(),
      (e: unknown) => {
        if (!body.destroyed) body.destroy(this.#mapped(e) as Error)
        client.close()
      },
    )
    return { chunks: body, close }
  }

  close(): void {}

  async #identity(client: Client): Promise<SourceIdentity> {
    const size = await client.size(this.#path)
    const identity: SourceIdentity = { size }
    try {
      identity.lastModified = (await client.lastMod(this.#path)).toISOString()
    } catch {
      // MDTM is an extension; without it only the size identifies the version.
    }
    return identity
  }

  async #connect(signal: AbortSignal): Promise<Client> {
    const client = new (await loadFtp()).Client(CONNECT_TIMEOUT_MS)
    const onAbort = () => client.close()
    signal.addEventListener('abort', onAbort, { once: true })
    try {
      await client.access({
        host: this.url.hostname,
        port: this.url.port ? Number(this.url.port) : 21,
        user: this.url.username ? decodeURIComponent(this.url.username) : 'anonymous',
        password: this.url.password ? decodeURIComponent(this.url.password) : 'ferry@',
      })
      if (signal.aborted) throw signal.reason
      return client
    } catch (e) {
      client.close()
      throw this.#mapped(e)
    } finally {
      signal.removeEventListener('abort', onAbort)
    }
  }

  #mapped(e: unknown): unknown {
    if (!ftp || !(e instanceof ftp.FTPError)) return e
    const detail = `FTP ${e.code} ${e.message}`.trim()
    if (e.code === 550) return sourceNotFound(this.display, detail)
    if (e.code === 530 || e.code === 532) return sourceDenied(this.display, detail)
    // 4xx replies are transient by the FTP standard (RFC 959), 5xx permanent.
    if (e.code >= 400 && e.code < 500)
      return new SourceRequestError(`${this.display}: ${detail}`, { code: 'ECONNRESET' })
    return sourceRefused(this.display, detail)
  }
}
