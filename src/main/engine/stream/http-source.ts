// http:// and https:// sources over Node's own client: redirects followed (credentials kept
// only on the same origin), basic auth from the URL, keep-alive sockets shared by the parallel
// ranges, If-Range on every ranged GET so that a new version of the file is never stitched to
// parts of the old one. Hand-written over node:http rather than fetch: fetch refuses URLs with
// credentials, hides 206-vs-200 handling behind its own redirect logic, and costs more CPU.
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http'
import https from 'node:https'
import type { NetworkAgents } from '../../s3/network-agents'
import { offeredDigests } from '../../../shared/source-digest'
import {
  SourceRequestError,
  sourceDenied,
  sourceNotFound,
  sourceRefused,
  sourceVersionChanged,
} from './source-errors'
import { type SourceBody, type SourceIdentity, type SourceInfo, type StreamSource } from './source'

const MAX_REDIRECTS = 10
const REDIRECTS = new Set([301, 302, 303, 307, 308])

/** No byte for this long: the connection is dead (FERRY_IDLE_TIMEOUT_MS shortens it for tests). */
function idleTimeoutMs(): number {
  const n = Number(process.env['FERRY_IDLE_TIMEOUT_MS'])
  return Number.isInteger(n) && n >= 100 ? n : 60_000
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const v = headers[name]
  return Array.isArray(v) ? v.join(', ') : v
}

function basicAuth(url: URL): string | undefined {
  if (!url.username && !url.password) return undefined
  const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
  return `Basic ${Buffer.from(pair).toString('base64')}`
}

function withoutCredentials(url: URL): URL {
  const bare = new URL(url)
  bare.username = ''
  bare.password = ''
  return bare
}

/** A weak ETag (W/"...") identifies a version loosely; If-Range needs a strong one. */
const strongEtag = (etag: string | undefined): string | undefined =>
  etag && !etag.startsWith('W/') ? etag : undefined

export class HttpSource implements StreamSource {
  readonly display: string
  readonly #agents: { 'http:': http.Agent; 'https:': https.Agent }

  constructor(
    private readonly url: URL,
    display: string,
    agents: NetworkAgents,
  ) {
    this.display = display
    this.#agents = { 'http:': agents.httpAgent, 'https:': agents.httpsAgent }
  }

  async probe(signal: AbortSignal): Promise<SourceInfo> {
    let res = await this.#request('HEAD', {}, signal)
    // Some servers (and signed-URL gateways) refuse HEAD: a GET's headers say the same.
    if (res.statusCode === 405 || res.statusCode === 501 || res.statusCode === 403) {
      res.resume()
      res = await this.#request('GET', {}, signal)
      res.destroy()
    } else res.resume()
    this.#check(res)
    const h = res.headers
    const chunked = /chunked/i.test(header(h, 'transfer-encoding') ?? '')
    const length = header(h, 'content-length')
    const size = !chunked && length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined
    const identity: SourceIdentity = {}
    if (size !== undefined) identity.size = size
    const etag = header(h, 'etag')
    if (etag) identity.etag = etag
    const lastModified = header(h, 'last-modified')
    if (lastModified) identity.lastModified = lastModified
    const acceptRanges = (header(h, 'accept-ranges') ?? '').toLowerCase()
    let ranges = acceptRanges.includes('bytes')
    // Servers need not announce ranges: ask for one byte and see whether a 206 comes back.
    if (!ranges && acceptRanges !== 'none' && size !== undefined && size > 0) {
      const test = await this.#request('GET', { range: 'bytes=0-0' }, signal)
      ranges = test.statusCode === 206
      test.destroy()
    }
    const encoded = (header(h, 'content-encoding') ?? 'identity').toLowerCase() !== 'identity'
    const offered = encoded
      ? []
      : offeredDigests({
          'content-md5': header(h, 'content-md5'),
          digest: header(h, 'digest'),
          'repr-digest': header(h, 'repr-digest'),
        })
    return { ...identity, ranges, offered }
  }

  async open(
    from: { start: number; end?: number },
    expect: SourceIdentity | undefined,
    signal: AbortSignal,
  ): Promise<SourceBody> {
    const headers: Record<string, string> = {}
    const ranged = from.start > 0 || from.end !== undefined
    const validator = strongEtag(expect?.etag) ?? expect?.lastModified
    if (ranged) {
      headers['range'] = `bytes=${from.start}-${from.end !== undefined ? from.end - 1 : ''}`
      if (validator) headers['if-range'] = validator
    }
    const res = await this.#request('GET', headers, signal)
    try {
      this.#check(res)
      const h = res.headers
      if (expect) {
        const etag = header(h, 'etag')
        const lastModified = header(h, 'last-modified')
        if (expect.etag && etag && etag !== expect.etag)
          throw sourceVersionChanged(this.display, `ETag ${expect.etag} became ${etag}`)
        if (expect.lastModified && lastModified && lastModified !== expect.lastModified)
          throw sourceVersionChanged(
            this.display,
            `Last-Modified ${expect.lastModified} became ${lastModified}`,
          )
      }
      if (ranged && res.statusCode === 200) {
        // If-Range answered with the whole file: the version we asked for is gone.
        if (validator)
          throw sourceVersionChanged(this.display, 'the server sent a new version in answer to If-Range')
        if (from.start > 0) throw sourceRefused(this.display, 'it ignored a byte range request')
      }
      if (res.statusCode === 206) {
        const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header(h, 'content-range') ?? '')
        if (!m || Number(m[1]) !== from.start)
          throw sourceRefused(
            this.display,
            `it answered ${header(h, 'content-range') ?? 'no Content-Range'} to ${headers['range']}`,
          )
        if (expect?.size !== undefined && m[3] !== '*' && Number(m[3]) !== expect.size)
          throw sourceVersionChanged(this.display, `its size went from ${expect.size} to ${m[3]} bytes`)
      }
    } catch (e) {
      res.destroy()
      throw e
    }
    return { chunks: res, close: () => res.destroy() }
  }

  close(): void {
    for (const agent of Object.values(this.#agents)) agent.destroy()
  }

  #check(res: IncomingMessage): void {
    const status = res.statusCode ?? 0
    if (status === 200 || status === 206) return
    const detail = `HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`
    if (status === 404 || status === 410) throw sourceNotFound(this.display, detail)
    if (status === 401 || status === 403) throw sourceDenied(this.display, detail)
    if (status === 416) throw sourceVersionChanged(this.display, `${detail}: the range is past its end`)
    if (status === 408 || status === 429 || status >= 500)
      throw new SourceRequestError(`${this.display} answered ${detail}`, { status })
    throw sourceRefused(this.display, detail)
  }

  async #request(
    method: string,
    headers: Record<string, string>,
    signal: AbortSignal,
  ): Promise<IncomingMessage> {
    let url = this.url
    let auth = basicAuth(url)
    for (let hop = 0; ; hop++) {
      const target = url
      const res = await new Promise<IncomingMessage>((resolve, reject) => {
        const agent = target.protocol === 'https:' ? this.#agents['https:'] : this.#agents['http:']
        const req = (target.protocol === 'https:' ? https : http).request(
          withoutCredentials(target),
          {
            method,
            agent,
            signal,
            headers: {
              ...headers,
              'accept-encoding': 'identity',
              'user-agent': 'ferry',
              ...(auth ? { authorization: auth } : {}),
            },
          },
          resolve,
        )
        req.setTimeout(idleTimeoutMs(), () =>
          req.destroy(
            Object.assign(new Error(`no answer from ${this.display} for ${idleTimeoutMs() / 1000} s`), {
              code: 'ETIMEDOUT',
            }),
          ),
        )
        req.on('error', reject)
        req.end()
      })
      const location = header(res.headers, 'location')
      if (!REDIRECTS.has(res.statusCode ?? 0) || !location) return res
      res.resume()
      if (hop >= MAX_REDIRECTS) throw sourceRefused(this.display, `more than ${MAX_REDIRECTS} redirects`)
      const next = new URL(location, url)
      if (next.protocol !== 'http:' && next.protocol !== 'https:')
        throw sourceRefused(this.display, `a redirect to ${next.protocol} URL`)
      // Credentials go only where the person sent them, unless the redirect carries its own.
      auth = basicAuth(next) ?? (next.origin === url.origin ? auth : undefined)
      url = next
    }
  }
}
