// A ranged GET read straight off the socket into a reused buffer. Node's HTTP client hands each
// socket read over as a fresh 64 KiB Buffer, pushed through a parser and a stream: for a 1 GiB
// download that was about 1.5 CPU-s and dozens of full GCs, more than the MD5 of the bytes
// (measured: the SDK's GetObject stream 3.9-4.4 CPU-s per GiB with the MD5 and the writes, this
// 2.6-3.5). Here the socket reads into the range's own buffer (net.Socket's `onread`), the
// answer's head is parsed once, and the body is handed on a megabyte at a time.
//
// Only the plain success path is taken: http (no TLS, no proxy: the agents are Node's own), an
// answer of 206 with exactly the range asked for and a Content-Length. Anything else is
// declined before a byte of the body is handed on, and the caller sends the same GET through the
// SDK, whose error parsing (If-Match's 412, 403, 404, a server that ignores Range) stays the one
// place those are handled.
import { Agent as HttpAgent } from 'node:http'
import { connect, type Socket } from 'node:net'
import type { S3Client } from '@aws-sdk/client-s3'
import { transportOf } from './client-factory'
import { signed } from './direct-request'
import { directTarget } from './direct-target'
import { traceRequest } from './request-trace'
import { escapeUri } from './sigv4'

export interface RangeGet {
  bucket: string
  key: string
  versionId?: string | undefined
  /** Unquoted; sent as If-Match. */
  etag: string
  start: number
  /** Exclusive. */
  end: number
  /** More headers to sign and send (an SSE-C key's). */
  headers?: Record<string, string> | undefined
  signal: AbortSignal
  /** Takes the body's next bytes, in order; the socket is not read until it resolves. The bytes are lent. */
  sink(bytes: Buffer): Promise<void>
}

/** `declined`: nothing was handed to the sink; send the request through the SDK. */
export type RangeGetAnswer = 'done' | 'declined'

/** What one socket reads into; the body goes on when this is nearly full. */
const READ_BUFFER = 1024 * 1024
/** Room always left for one socket read (libuv reads at most 64 KiB at a time). */
const READ_ROOM = 64 * 1024
/** A head longer than this is not an S3 answer to a GET. */
const MAX_HEAD = 32 * 1024
const HEAD_END = Buffer.from('\r\n\r\n')

const spare: Buffer[] = []
const SPARE_BUFFERS = 16

const truncated = (why: string) =>
  Object.assign(new Error(`the connection closed before the range was complete (${why})`), {
    code: 'ECONNRESET',
  })

interface Head {
  status: number
  headers: Map<string, string>
}

function parseHead(text: string): Head | undefined {
  const lines = text.split('\r\n')
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')
  if (!status) return undefined
  const headers = new Map<string, string>()
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':')
    if (colon <= 0) return undefined
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
  }
  return { status: Number(status[1]), headers }
}

/** The answer this reader takes: 206, the exact range, a length, no transfer coding. */
function acceptable(head: Head, get: RangeGet): boolean {
  const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(head.headers.get('content-range') ?? '')
  return (
    head.status === 206 &&
    !head.headers.has('transfer-encoding') &&
    head.headers.get('content-length') === String(get.end - get.start) &&
    range !== null &&
    Number(range[1]) === get.start &&
    Number(range[2]) === get.end - 1
  )
}

export async function directGetRange(client: S3Client, get: RangeGet): Promise<RangeGetAnswer> {
  const transport = transportOf(client)
  // Node's own agent: no proxy in the way (a proxy agent is a subclass), and no TLS below.
  if (!transport || transport.httpAgent.constructor !== HttpAgent || get.end <= get.start) return 'declined'
  const target = await directTarget(client, get.bucket, get.key)
  if (!target || target.https || get.signal.aborted) return 'declined'
  const query: Record<string, string> = get.versionId ? { versionId: get.versionId } : {}
  const headers = await signed(client, {
    method: 'GET',
    target,
    query,
    headers: {
      range: `bytes=${get.start}-${get.end - 1}`,
      'if-match': `"${get.etag}"`,
      'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
      ...get.headers,
    },
  })
  if (!headers) return 'declined'
  const lines = Object.entries(headers)
  if (lines.some(([name, value]) => /[\r\n]/.test(name + value))) return 'declined'
  const path = target.path + (get.versionId ? `?versionId=${escapeUri(get.versionId)}` : '')
  const answered = traceRequest({
    method: 'GET',
    protocol: 'http',
    hostname: target.hostname,
    port: target.port,
    path,
    headers,
  })
  const request =
    `GET ${path} HTTP/1.1\r\n` +
    lines.map(([name, value]) => `${name}: ${value}\r\n`).join('') +
    // One range per connection: nothing is left unread on a socket handed back to a pool.
    'connection: close\r\n\r\n'
  return read(get, target.hostname, target.port ?? 80, request, transport.idleTimeoutMs, answered)
}

function read(
  get: RangeGet,
  host: string,
  port: number,
  request: string,
  idleTimeoutMs: number,
  answered: (outcome: string | number) => void,
): Promise<RangeGetAnswer> {
  return new Promise<RangeGetAnswer>((resolve, reject) => {
    const buffer = spare.pop() ?? Buffer.allocUnsafeSlow(READ_BUFFER)
    let filled = 0
    let head: Head | undefined
    let remaining = get.end - get.start
    let handedOn = false
    let settled = false
    /** Bytes lent to the sink: nothing settles (and the buffer is not reused) until it returns. */
    let sinking = false
    let deferred: RangeGetAnswer | Error | undefined

    const finish = (outcome: RangeGetAnswer | Error) => {
      if (settled) return
      if (sinking) {
        // A broken connection or a pause while the last megabyte is being written: the caller
        // continues from the byte the sink reached, so it must have reached it first.
        deferred ??= outcome
        socket.destroy()
        return
      }
      settled = true
      get.signal.removeEventListener('abort', onAbort)
      socket.destroy()
      if (spare.length < SPARE_BUFFERS) spare.push(buffer)
      if (outcome instanceof Error) {
        answered(`error ${outcome.message}`)
        // Before any byte went on, the SDK's attempt says what is wrong, in its words.
        if (handedOn || get.signal.aborted) reject(outcome)
        else resolve('declined')
      } else {
        if (outcome === 'declined') answered(head?.status ?? 'declined')
        resolve(outcome)
      }
    }
    const onAbort = () =>
      finish(get.signal.reason instanceof Error ? get.signal.reason : new Error('aborted'))
    get.signal.addEventListener('abort', onAbort, { once: true })

    const handOn = (): void => {
      const bytes = buffer.subarray(0, filled)
      handedOn = true
      sinking = true
      socket.pause()
      get.sink(bytes).then(
        () => {
          sinking = false
          filled = 0
          if (deferred !== undefined) finish(deferred)
          else if (remaining === 0) {
            answered(206)
            finish('done')
          } else socket.resume()
        },
        (e: unknown) => {
          sinking = false
          finish(e instanceof Error ? e : new Error(String(e)))
        },
      )
    }

    const onRead = (n: number, into: Uint8Array): boolean => {
      if (settled) return false
      // The read may have gone into a buffer handed out before the last flush: put it in place.
      if (into.byteOffset !== buffer.byteOffset + filled || into.buffer !== buffer.buffer)
        buffer.set(into.subarray(0, n), filled)
      filled += n
      if (!head) {
        const end = buffer.subarray(0, filled).indexOf(HEAD_END)
        if (end < 0) {
          if (filled <= MAX_HEAD) return true
          finish('declined')
          return false
        }
        head = parseHead(buffer.toString('latin1', 0, end))
        if (!head || !acceptable(head, get)) {
          finish('declined')
          return false
        }
        buffer.copyWithin(0, end + HEAD_END.length, filled)
        filled -= end + HEAD_END.length
      }
      if (filled > remaining) {
        finish(new Error('the server sent more bytes than the range asked for'))
        return false
      }
      if (filled > 0 && (filled === remaining || filled >= buffer.length - READ_ROOM)) {
        remaining -= filled
        handOn()
        return false
      }
      return true
    }

    // Declared after the handlers that use it: none runs before it exists.
    const socket: Socket = connect({
      host,
      port,
      // Node asks for the next buffer right after each read, before a hand-on ends; never an
      // empty one (a read into nothing would look like the end of the stream).
      onread: {
        buffer: () => buffer.subarray(Math.min(filled, buffer.length - READ_ROOM)),
        callback: onRead,
      },
    })
    socket.setNoDelay(true)
    socket.setTimeout(idleTimeoutMs, () => finish(truncated('idle timeout')))
    socket.on('error', (e) => {
      if (!(head && remaining === 0)) finish(e)
    })
    socket.on('close', () => {
      // The server closes after the last byte (connection: close), maybe before it was handed on.
      if (head && remaining === 0) return
      finish(truncated(head ? `${remaining} bytes missing` : 'no answer'))
    })
    socket.write(request)
  })
}
