// PutObject and UploadPart sent beside the SDK: signed with SigV4 (sigv4.ts) from the SDK's
// credentials and clock offset, over its keep-alive sockets, but without its middleware stack. For a
// 64 KiB file the stack (endpoint rules, schema serialization, retry and checksum middleware)
// costs about 1.5 ms of CPU, more than signing and sending together; a folder of small files
// is CPU-bound on it (measured in scripts/bench, scenario c). For parts, its per-request
// garbage is what grows V8's young generation, and with it the engine's peak RSS.
//
// Only the success path is taken here. Any answer but a 2xx, and any endpoint shape this file
// does not build URLs for, is handed back to the caller, which sends the request again through
// the SDK: its error parsing, region redirects, clock-skew correction and the not-S3 guard
// stay the one place those are handled.
import {
  request as httpRequest,
  type ClientRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
} from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { Writable } from 'node:stream'
import type { S3Client } from '@aws-sdk/client-s3'
import { transportOf, type ClientTransport } from './client-factory'
import { directTarget, type Target } from './direct-target'
import { escapeUri, signHeaders } from './sigv4'
import { traceRequest, tracing } from './request-trace'

export interface DirectPutParams {
  ContentType: string
  CacheControl?: string
  ContentDisposition?: string
  StorageClass?: string
  Metadata?: Record<string, string>
}

export interface DirectPut {
  bucket: string
  key: string
  body: Buffer
  contentMd5: string
  /** The body's CRC32 in base64, sent as x-amz-checksum-crc32 for the store to check and keep. */
  checksumCrc32?: string
  params: DirectPutParams
  ifNoneMatch: boolean
  signal: AbortSignal
}

/** A body written as it is sent (a range of a file), in place of one held in memory. */
export interface StreamedBody {
  length: number
  writeTo(out: Writable): Promise<void>
}

export type DirectBody = Buffer | StreamedBody

export interface DirectPart {
  bucket: string
  key: string
  uploadId: string
  partNumber: number
  body: DirectBody
  contentMd5: string
  /** The part's CRC32 in base64, for an upload created with a full-object CRC32. */
  checksumCrc32?: string
  signal: AbortSignal
  /** More headers to sign and send (an SSE-C key's). */
  headers?: Record<string, string>
}

interface DirectWrite {
  bucket: string
  key: string
  query: Record<string, string>
  headers: Record<string, string>
  body: DirectBody
  signal: AbortSignal
}

export type DirectAnswer =
  /** Stored: the answer's ETag, if it had one, and the CRC32 it echoed, if any. */
  | { kind: 'stored'; etag: string | undefined; checksumCrc32?: string }
  /** Not taken, or not a success: send it through the SDK. `maybeStored` when the connection
   * broke after the body went out, so the object may exist although no answer said so. */
  | { kind: 'declined'; maybeStored: boolean; status?: number }

/** The parameters this file turns into headers; anything else goes through the SDK. */
const KNOWN_PARAMS = new Set([
  'ContentType',
  'CacheControl',
  'ContentDisposition',
  'StorageClass',
  'Metadata',
])

function bodyHeaders(body: DirectBody, contentMd5: string, checksumCrc32?: string): Record<string, string> {
  return {
    'content-length': String(body.length),
    'content-md5': contentMd5,
    // The body is protected by Content-MD5 (see engine/unsigned-payload.ts).
    'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
    ...(checksumCrc32 ? { 'x-amz-checksum-crc32': checksumCrc32 } : {}),
  }
}

export function directPutObject(client: S3Client, put: DirectPut): Promise<DirectAnswer> {
  const { params } = put
  if (Object.keys(params).some((name) => !KNOWN_PARAMS.has(name)))
    return Promise.resolve({ kind: 'declined', maybeStored: false })
  const headers: Record<string, string> = {
    ...bodyHeaders(put.body, put.contentMd5, put.checksumCrc32),
    'content-type': params.ContentType,
  }
  if (params.CacheControl) headers['cache-control'] = params.CacheControl
  if (params.ContentDisposition) headers['content-disposition'] = params.ContentDisposition
  if (params.StorageClass) headers['x-amz-storage-class'] = params.StorageClass
  // As the SDK sends them: x-amz-meta- and the name in lower case.
  for (const [name, value] of Object.entries(params.Metadata ?? {}))
    headers[`x-amz-meta-${name.toLowerCase()}`] = value
  if (put.ifNoneMatch) headers['if-none-match'] = '*'
  return directWrite(client, {
    bucket: put.bucket,
    key: put.key,
    query: {},
    headers,
    body: put.body,
    signal: put.signal,
  })
}

export function directUploadPart(client: S3Client, part: DirectPart): Promise<DirectAnswer> {
  return directWrite(client, {
    bucket: part.bucket,
    key: part.key,
    query: { partNumber: String(part.partNumber), uploadId: part.uploadId },
    headers: { ...bodyHeaders(part.body, part.contentMd5, part.checksumCrc32), ...part.headers },
    body: part.body,
    signal: part.signal,
  })
}

/** RFC 3986 query encoding, the one SigV4 canonicalizes with. */
const encodeQuery = (query: Record<string, string>): string =>
  Object.entries(query)
    .map(([name, value]) => `${escapeUri(name)}=${escapeUri(value)}`)
    .join('&')

/** A request to the target over the SDK client's own keep-alive agents. */
export function sendTo(
  target: Target,
  transport: ClientTransport,
  request: { method: string; path: string; headers: Record<string, string>; signal: AbortSignal },
  onResponse: (res: IncomingMessage) => void,
): ClientRequest {
  const send = target.https ? httpsRequest : httpRequest
  const answered = traceRequest({
    method: request.method,
    protocol: target.https ? 'https' : 'http',
    hostname: target.hostname,
    port: target.port,
    path: request.path,
    headers: request.headers,
  })
  const { signal, ...options } = request
  const req = send(
    {
      ...options,
      agent: target.https ? transport.httpsAgent : transport.httpAgent,
      hostname: target.hostname,
      ...(target.port !== undefined ? { port: target.port } : {}),
    },
    (res) => {
      answered(res.statusCode ?? 'answer')
      onResponse(res)
    },
  )
  if (tracing()) req.once('error', (e) => answered(`error ${e.message}`))
  destroyOnAbort(req, signal)
  return req
}

/**
 * What node:http's `signal` option does, with one listener on the request where that option
 * adds about ten (Node's end-of-stream watcher) and takes them off again: for a folder of small
 * files, about 1.5% of the CPU (a CPU profile).
 */
function destroyOnAbort(req: ClientRequest, signal: AbortSignal): void {
  const abort = () => void req.destroy(new Error('The operation was aborted', { cause: signal.reason }))
  if (signal.aborted) return void process.nextTick(abort)
  signal.addEventListener('abort', abort, { once: true })
  req.once('close', () => signal.removeEventListener('abort', abort))
}

/** The request's headers signed, or undefined without credentials (the SDK's attempt names that). */
export async function signed(
  client: S3Client,
  request: { method: string; target: Target; query: Record<string, string>; headers: Record<string, string> },
): Promise<Record<string, string> | undefined> {
  const offset = client.config.systemClockOffset ?? 0
  try {
    // The client's provider: leased short-lived credentials and profile refreshes included.
    const credentials = await client.config.credentials()
    return signHeaders(
      {
        method: request.method,
        path: request.target.path,
        query: request.query,
        headers: { host: request.target.host, ...request.headers },
      },
      credentials,
      { region: request.target.signingRegion, service: 's3', date: new Date(Date.now() + offset) },
    )
  } catch {
    return undefined
  }
}

export type HeadAnswer =
  /** `encryption`: aws:kms..., or SSE-C, when the store says so (such ETags are not MD5s). */
  | { kind: 'found'; etag: string; size: number; tagCount?: number; encryption?: string }
  | { kind: 'absent' }
  /** Anything else (an error, a redirect, no answer): ask again through the SDK. */
  | { kind: 'declined' }

/**
 * HeadObject beside the SDK, for the existence checks before the first small files of an
 * endpoint (overwrite.ts): the SDK's first request of a process costs about 0.1 s of CPU
 * in its middleware and endpoint rules, and a folder's first files all waited for it.
 */
export async function directHeadObject(
  client: S3Client,
  object: { bucket: string; key: string; signal: AbortSignal; headers?: Record<string, string> },
): Promise<HeadAnswer> {
  const transport = transportOf(client)
  const target = transport && (await directTarget(client, object.bucket, object.key))
  if (!transport || !target) return { kind: 'declined' }
  const headers = await signed(client, {
    method: 'HEAD',
    target,
    query: {},
    headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...object.headers },
  })
  if (!headers) return { kind: 'declined' }
  return new Promise<HeadAnswer>((resolve) => {
    const req = sendTo(
      target,
      transport,
      { method: 'HEAD', path: target.path, headers, signal: object.signal },
      (res) => {
        res.resume()
        res.on('error', () => resolve({ kind: 'declined' }))
        res.once('end', () => {
          const status = res.statusCode ?? 0
          const size = Number(res.headers['content-length'])
          if (status === 404) resolve({ kind: 'absent' })
          // An HTML page is never S3's answer: the SDK's guard names that problem.
          else if (
            status === 200 &&
            res.headers.etag &&
            Number.isSafeInteger(size) &&
            !/^\s*text\/html/i.test(res.headers['content-type'] ?? '')
          )
            resolve({
              kind: 'found',
              etag: res.headers.etag,
              size,
              ...tagCountOf(res.headers),
              ...encryptionOf(res.headers),
            })
          else resolve({ kind: 'declined' })
        })
      },
    )
    req.setTimeout(transport.idleTimeoutMs, () => req.destroy(new Error('idle timeout')))
    req.on('error', () => resolve({ kind: 'declined' }))
    req.end()
  })
}

async function directWrite(client: S3Client, write: DirectWrite): Promise<DirectAnswer> {
  const transport = transportOf(client)
  const target = transport && (await directTarget(client, write.bucket, write.key))
  if (!transport || !target) return { kind: 'declined', maybeStored: false }
  const headers = await signed(client, {
    method: 'PUT',
    target,
    query: write.query,
    headers: write.headers,
  })
  if (!headers) return { kind: 'declined', maybeStored: false }
  const search = encodeQuery(write.query)

  let writing: Promise<void> = Promise.resolve()
  const answer = new Promise<DirectAnswer>((resolve) => {
    let sent = false
    const req = sendTo(
      target,
      transport,
      {
        method: 'PUT',
        path: search ? `${target.path}?${search}` : target.path,
        headers,
        signal: write.signal,
      },
      (res) => {
        res.resume()
        res.on('error', () => resolve({ kind: 'declined', maybeStored: true }))
        res.once('end', () => resolve(answerOf(res.statusCode ?? 0, res.headers)))
      },
    )
    req.setTimeout(transport.idleTimeoutMs, () => req.destroy(new Error('idle timeout')))
    req.once('finish', () => (sent = true))
    // 'on', not 'once': S3 may answer early (403, 404) and close while the body is still
    // going out; a second error then must find a listener too (see safe-agents.ts).
    req.on('error', () => resolve({ kind: 'declined', maybeStored: sent }))
    const body = write.body
    if (Buffer.isBuffer(body)) req.end(body)
    else
      writing = body.writeTo(req).then(
        () => void req.end(),
        (e: unknown) => void req.destroy(e instanceof Error ? e : new Error(String(e))),
      )
  })
  const result = await answer
  // The body's writer owns its chunk buffer until it stops: the caller may not reuse it before.
  await writing
  return result
}

function tagCountOf(headers: IncomingHttpHeaders): { tagCount?: number } {
  const count = Number(headers['x-amz-tagging-count'])
  return Number.isSafeInteger(count) && count > 0 ? { tagCount: count } : {}
}

function answerOf(status: number, headers: IncomingHttpHeaders): DirectAnswer {
  // An HTML page is never S3's answer to a PUT: the SDK's guard names that problem.
  if (status < 200 || status >= 300 || /^\s*text\/html/i.test(headers['content-type'] ?? ''))
    return { kind: 'declined', maybeStored: false, status }
  const crc = headers['x-amz-checksum-crc32']
  return { kind: 'stored', etag: headers.etag, ...(typeof crc === 'string' ? { checksumCrc32: crc } : {}) }
}

/** The encryption a HEAD answer names: SSE-KMS (aws:kms, aws:kms:dsse) or SSE-C. */
function encryptionOf(headers: IncomingHttpHeaders): { encryption?: string } {
  const sse = headers['x-amz-server-side-encryption']
  if (typeof sse === 'string' && sse.startsWith('aws:kms')) return { encryption: sse }
  return headers['x-amz-server-side-encryption-customer-algorithm'] ? { encryption: 'SSE-C' } : {}
}
