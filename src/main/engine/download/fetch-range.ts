// One byte range of an object streamed to its place in the partial file. Memory stays at
// a socket buffer per range: each chunk is written (positional write) before the next is
// read. A range that breaks off mid-way continues from the byte it reached.
import type { Readable } from 'node:stream'
import type { FileHandle } from 'node:fs/promises'
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { FerryError } from '../../../shared/errors'
import type { RetryOptions } from '../../../shared/retry-policy'
import type { CustomerKey } from '../../../shared/encryption'
import { sourceChangedError } from '../../s3/copy-guard'
import { customerKeyHeaders, customerKeyParams } from '../../s3/customer-key'
import { directGetRange } from '../../s3/range-get'
import { retryLoop } from '../../s3/retrying'
import { failureFacts, toFerryError } from '../../s3/s3-errors'
import { diskFullError, isDiskFull } from './disk-space'
import { parseContentRange, rangeHeader, type ByteRange } from './range-plan'

export interface RangeContext {
  client: S3Client
  bucket: string
  key: string
  /** Unquoted; sent as If-Match so that a change mid-download fails instead of mixing versions. */
  etag: string
  size: number
  /** The version downloaded, when not the latest. */
  versionId?: string | undefined
  file: FileHandle
  /** Where the partial file lives, for the disk-full message. */
  dir: string
  signal: AbortSignal
  /** Waits until bytes received may count against the download limit (../bandwidth.ts). */
  limiter?: { take(bytes: number, signal: AbortSignal): Promise<void> } | undefined
  retry?: RetryOptions
  onBytes(n: number): void
  /** Fed every byte of the range once written, in order: the range's part hashes (range-hashes.ts). */
  hash?: { update(bytes: Uint8Array): void } | undefined
  /** The object's SSE-C key, when it was written with one. */
  customerKey?: CustomerKey | undefined
}

const truncated = () =>
  Object.assign(new Error('the connection closed before the range was complete'), { code: 'ECONNRESET' })

/** Chunks off the socket are small (16-64 KiB); gathering them cuts the write calls tenfold. */
const WRITE_BATCH = 1024 * 1024

export async function writeAll(file: FileHandle, chunks: Uint8Array[], position: number): Promise<void> {
  let pending = chunks
  let at = position
  while (pending.length > 0) {
    const { bytesWritten } = await file.writev(pending, at)
    at += bytesWritten
    pending = unwritten(pending, bytesWritten)
  }
}

/** What a write of `chunks` left to write: a short write (rare on regular files) drops what went. */
export function unwritten<T extends Uint8Array>(chunks: T[], bytesWritten: number): T[] {
  if (bytesWritten === 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' })
  let skip = bytesWritten
  const rest: T[] = []
  for (const c of chunks) {
    if (skip >= c.length) skip -= c.length
    else {
      rest.push(skip > 0 ? (c.subarray(skip) as T) : c)
      skip = 0
    }
  }
  return rest
}

export async function fetchRange(ctx: RangeContext, range: ByteRange): Promise<void> {
  let offset = range.start
  const where = {
    bucket: ctx.bucket,
    key: ctx.key,
    protection: { write: false, customerKey: ctx.customerKey !== undefined },
  }
  await retryLoop(
    async () => {
      if (offset < range.end) await fetchRest()
    },
    {
      signal: ctx.signal,
      policy: ctx.retry,
      progress: () => offset,
      giveUp: (e) => {
        const facts = failureFacts(e)
        return facts.code === 'PreconditionFailed' || facts.status === 412
          ? sourceChangedError(where, ctx.etag, e)
          : toFerryError(e, where)
      },
    },
  )

  /** Writes bytes at `offset` (then hashes them and moves `offset` past them). */
  async function write(chunks: Uint8Array[], bytes: number): Promise<void> {
    try {
      await writeAll(ctx.file, chunks, offset)
    } catch (e) {
      if (isDiskFull(e)) throw diskFullError(ctx.dir, range.end - offset, e)
      throw new FerryError(
        {
          code: 'internal',
          message: `cannot write the download into ${ctx.dir} (${(e as Error).message})`,
          fix: 'Check the disk and the folder permissions, then run the command again to resume.',
        },
        { cause: e },
      )
    }
    // Hashed once written, so a retry that continues from `offset` continues the hash too.
    if (ctx.hash) for (const c of chunks) ctx.hash.update(c)
    offset += bytes
    ctx.onBytes(bytes)
    if (ctx.limiter) await ctx.limiter.take(bytes, ctx.signal)
  }

  /** One GET from `offset` to the range's end: off the socket where it can, else through the SDK. */
  async function fetchRest(): Promise<void> {
    const direct = await directGetRange(ctx.client, {
      bucket: ctx.bucket,
      key: ctx.key,
      versionId: ctx.versionId,
      etag: ctx.etag,
      start: offset,
      end: range.end,
      ...(ctx.customerKey ? { headers: customerKeyHeaders(ctx.customerKey) } : {}),
      signal: ctx.signal,
      sink: (bytes) => write([bytes], bytes.length),
    })
    if (direct === 'declined') await fetchRestWithSdk()
  }

  async function fetchRestWithSdk(): Promise<void> {
    let body: Readable | undefined
    try {
      const out = await ctx.client.send(
        new GetObjectCommand({
          Bucket: ctx.bucket,
          Key: ctx.key,
          VersionId: ctx.versionId,
          Range: rangeHeader(offset, range.end),
          IfMatch: `"${ctx.etag}"`,
          ...(ctx.customerKey ? customerKeyParams(ctx.customerKey) : {}),
        }),
        { abortSignal: ctx.signal },
      )
      body = out.Body as Readable | undefined
      if (!body) throw truncated()
      const answered = parseContentRange(out.ContentRange)
      // A server that ignores Range sends the whole object from byte 0: never write that at `offset`.
      const wholeObject = offset === 0 && range.end === ctx.size && out.ContentLength === ctx.size
      if (!wholeObject && (!answered || answered.start !== offset || answered.end !== range.end)) {
        throw new FerryError({
          code: 'not-s3',
          message: `the server answered bytes ${out.ContentRange ?? '(no Content-Range)'} to a request for ${rangeHeader(offset, range.end)}`,
          fix: 'This store does not support ranged GETs; download with --concurrency 1 and a part size larger than the object.',
        })
      }
      let batch: Uint8Array[] = []
      let batchBytes = 0
      let writeFailed = false
      const flush = async () => {
        if (batchBytes === 0 || writeFailed) return
        const chunks = batch
        const bytes = batchBytes
        batch = []
        batchBytes = 0
        try {
          await write(chunks, bytes)
        } catch (e) {
          writeFailed = true
          throw e
        }
      }
      try {
        for await (const chunk of body as AsyncIterable<Uint8Array>) {
          if (offset + batchBytes + chunk.length > range.end) {
            throw new FerryError({
              code: 'server-error',
              message: 'the server sent more bytes than the range asked for',
              fix: 'Run the download again.',
            })
          }
          batch.push(chunk)
          batchBytes += chunk.length
          if (batchBytes >= WRITE_BATCH) await flush()
        }
      } finally {
        // What arrived before a failure is kept: the retry continues after it.
        if (!ctx.signal.aborted) await flush()
      }
      if (offset < range.end) throw truncated()
    } catch (e) {
      body?.destroy()
      throw e
    }
  }
}
