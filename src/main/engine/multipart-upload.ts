// Multipart uploads: create, send or prove each part with `concurrency` in flight, abort
// (completing is complete-multipart.ts). Each part in flight holds one buffer, passed on to the next part: a chunk (FILE_CHUNK_BYTES) for a
// local file, whose parts are read once to hash and again as they are sent; a part-sized one
// for a streamed source, whose bytes can be read only once. A part the SDK has to send
// (an error answer, a lost connection) is read whole for it, so concurrency x part size stays
// the worst case.
import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListPartsCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import { FerryError } from '../../shared/errors'
import { partRange } from '../../shared/part-plan'
import { failureFacts, type S3ErrorContext } from '../s3/s3-errors'
import { md5, normalizeEtag } from '../s3/digests'
import { abortLostCreates, serverNow } from './lost-creates'
import type { PartRecord } from '../journal/journal'
import type { JournalWriter } from '../journal/journal-writer'
import { PartReader } from '../s3/part-reader'
import { runPool } from '../s3/pool'
import { uploadPart, type PartBody } from './part-upload'
import type { ProgressTracker } from './progress'
import { withRetries } from '../s3/retrying'
import { sleep, throwIfStopped } from '../s3/stop-signal'
import { SiblingParts } from './sibling-parts'
import type { TransferContext } from './transfer-context'
import type { ObjectParams } from '../s3/upload-params'
import { checksumToAsk, learnChecksumSupport } from '../s3/checksum-support'
import { crc32Of, crcFromBase64, crcToBase64, type UploadChecksum } from '../s3/full-object-checksum'

export interface PartsPlan {
  size: number
  partSize: number
  partCount: number
}

/** A part the server holds for an upload, per ListParts. */
export interface ServerPart {
  etag: string
  size: number
}

export interface PartOutcome {
  partNumber: number
  /** As the server gave it (quoted), for CompleteMultipartUpload. */
  etag: string
  md5: Buffer
  size: number
  /** CRC32 of the part's bytes, for an upload that keeps one (unknown for a trusted part journaled without it). */
  crc32: number | undefined
  reused: boolean
}

/** An upload id, and the full-object checksum the store agreed to keep for it. */
export interface CreatedUpload {
  uploadId: string
  checksum: UploadChecksum | undefined
}

export async function createMultipart(ctx: TransferContext, params: ObjectParams): Promise<CreatedUpload> {
  const { spec, client } = ctx
  const ask = checksumToAsk(spec.connection.endpoint)
  const checksumParams = ask ? { ChecksumAlgorithm: ask, ChecksumType: 'FULL_OBJECT' as const } : {}
  // No abort signal: cancelling a Create in flight could leave an upload on the server whose
  // id we never learn. The caller records the id first and checks for a stop afterwards.
  const since = serverNow(client)
  let retried = false
  const out = await withRetries(
    () =>
      client.send(
        new CreateMultipartUploadCommand({
          Bucket: spec.bucket,
          Key: spec.key,
          ...params,
          ...checksumParams,
        }),
      ),
    {
      ...ctx,
      onRetry: (info) => {
        retried = true
        ctx.onRetry?.(info)
      },
    },
  )
  if (!out.UploadId) {
    throw new FerryError({
      code: 'not-s3',
      message: 'the server started a multipart upload without an upload id',
      fix: 'Check that the endpoint is an S3 API.',
    })
  }
  if (retried) {
    // Like the Create, the sweep is not cancelled by a stop: it removes what the Create left.
    const where = { ...ctx.where, bucket: spec.bucket, key: spec.key }
    await abortLostCreates(
      { client, signal: new AbortController().signal },
      where,
      out.UploadId,
      since,
      (uploadId) => abortMultipart(client, { ...where, uploadId }),
    )
  }
  // A store that keeps the checksum says so in its answer; radosgw 16 ignores the headers.
  const kept = ask !== undefined && out.ChecksumAlgorithm === ask && out.ChecksumType === 'FULL_OBJECT'
  if (ask) learnChecksumSupport(spec.connection.endpoint, kept)
  return { uploadId: out.UploadId, checksum: kept ? ask : undefined }
}

const isMissingUpload = (e: unknown): boolean => {
  const facts = failureFacts(e)
  // radosgw answers ListParts of an aborted upload with NoSuchKey, AWS with NoSuchUpload.
  return facts.code === 'NoSuchUpload' || facts.code === 'NoSuchKey' || facts.status === 404
}

/** Every part the server holds for the upload, or 'missing' when the upload is gone. */
export async function listServerParts(
  client: S3Client,
  where: { bucket: string; key: string; uploadId: string },
  retry: { signal: AbortSignal; onRetry?: TransferContext['onRetry'] },
): Promise<Map<number, ServerPart> | 'missing'> {
  const parts = new Map<number, ServerPart>()
  let marker: string | undefined
  for (;;) {
    const page = await withRetries(
      async (abortSignal) => {
        try {
          return await client.send(
            new ListPartsCommand({
              Bucket: where.bucket,
              Key: where.key,
              UploadId: where.uploadId,
              PartNumberMarker: marker,
            }),
            { abortSignal },
          )
        } catch (e) {
          if (isMissingUpload(e)) return 'missing' as const
          throw e
        }
      },
      { client, signal: retry.signal, where, ...(retry.onRetry ? { onRetry: retry.onRetry } : {}) },
    )
    if (page === 'missing') return 'missing'
    for (const p of page.Parts ?? []) {
      if (p.PartNumber !== undefined && p.ETag) parts.set(p.PartNumber, { etag: p.ETag, size: p.Size ?? -1 })
    }
    if (!page.IsTruncated || !page.NextPartNumberMarker || page.NextPartNumberMarker === marker) return parts
    marker = page.NextPartNumberMarker
  }
}

/** Fills buffer[0, end - start) with the source's bytes [start, end) and returns that view. */
export interface RangeSource {
  read(buffer: Buffer, start: number, end: number): Promise<Buffer>
}

/** A source that can be read twice, by chunks: a local file. */
const rereadable = (reader: RangeSource): reader is PartReader => reader instanceof PartReader

/**
 * The chunk a part of a local file is read through. 8 parts in flight hold 16 MiB instead of
 * 64 MiB of 8 MiB parts; 1 MiB chunks cost about 10% more CPU per GiB (more reads, writes and
 * callbacks), 4 MiB ones saved nothing more (scripts/bench, 1 GiB to the stub).
 */
export const FILE_CHUNK_BYTES = 2 * 1024 * 1024

/** What every part sender is handed: the upload, where parts are journaled, what a resume found. */
export interface PartsToSend {
  uploadId: string
  journal: JournalWriter
  progress: ProgressTracker
  /** Parts the server already holds (a resume): reused only if the bytes hash to their ETag. */
  server: Map<number, ServerPart>
  journaled: Map<number, PartRecord>
  /** The upload keeps a full-object CRC32: each part carries its own. */
  checksum: UploadChecksum | undefined
}

export interface SendPartsArgs extends PartsToSend {
  plan: PartsPlan
  /** The source's bytes by range: a local file (PartReader) or a streamed one. */
  reader: RangeSource
  /**
   * Parts reused without reading them again: their journaled MD5 is the server's part ETag
   * and the caller proved the source unchanged (a streamed source's ETag or Last-Modified).
   */
  trusted?: ReadonlySet<number>
  concurrency: number
}

/** Sends every part the server does not provably hold already; returns all parts in order. */
export async function sendParts(ctx: TransferContext, args: SendPartsArgs): Promise<PartOutcome[]> {
  const { plan, uploadId, reader, server, journaled, journal, progress } = args
  const { spec } = ctx
  const siblings = new SiblingParts(ctx)
  const results: PartOutcome[] = new Array(plan.partCount)

  const sendOne = async (partNumber: number, buffer: Buffer): Promise<PartOutcome> => {
    const range = partRange(plan, partNumber)
    const known = journaled.get(partNumber)
    const held = server.get(partNumber)
    if (args.trusted?.has(partNumber) && known && held && normalizeEtag(held.etag) === known.md5) {
      progress.partDone(known.size, true)
      const crc = known.crc === undefined ? undefined : crcFromBase64('CRC32', known.crc)
      return {
        partNumber,
        etag: held.etag,
        md5: Buffer.from(known.md5, 'hex'),
        size: known.size,
        crc32: crc === undefined ? undefined : Number(crc),
        reused: true,
      }
    }
    const length = range.end - range.start
    let body: PartBody
    let digest: Buffer
    let crc32: number | undefined
    const withCrc = args.checksum !== undefined
    if (rereadable(reader)) {
      ;({ md5: digest, crc32 } = await reader.digestsOf(range.start, range.end, buffer, withCrc))
      body = {
        length,
        writeTo: (out) => reader.writeRange(range.start, range.end, buffer, out),
        whole: () => reader.read(Buffer.allocUnsafeSlow(length), range.start, range.end),
      }
    } else {
      body = await reader.read(buffer, range.start, range.end)
      digest = md5(body)
      crc32 = withCrc ? crc32Of(body) : undefined
    }
    throwIfStopped(siblings.signal)
    const hex = digest.toString('hex')
    if (held && held.size === length && normalizeEtag(held.etag) === hex) {
      // Proven: the server's part has the MD5 of the bytes in the file now.
      if (!known || normalizeEtag(known.etag) !== hex) {
        await journal.append(
          {
            t: 'part',
            n: partNumber,
            etag: normalizeEtag(held.etag),
            md5: hex,
            size: length,
            ...(crc32 === undefined ? {} : { crc: crcToBase64('CRC32', BigInt(crc32)) }),
            reused: true,
          },
          'none',
        )
      }
      progress.partDone(length, true)
      return { partNumber, etag: held.etag, md5: digest, size: length, crc32, reused: true }
    }
    if (held) {
      ctx.note({
        code: 'integrity',
        message: `part ${partNumber} on the server does not match ${spec.source} now (MD5 ${normalizeEtag(held.etag)}, the file gives ${hex}); it is sent again`,
      })
    }
    const part = { uploadId, partNumber, body, digest, crc32, journal, progress }
    const etag = await uploadPart(siblings.ctx, part)
    return { partNumber, etag, md5: digest, size: length, crc32, reused: false }
  }

  // Part numbers are handed out only while no part has failed for good and nothing stopped.
  function* partNumbers() {
    for (let n = 1; n <= plan.partCount && !siblings.signal.aborted; n++) yield n
  }
  // A buffer per part in flight, kept for the next part: never more than `concurrency`.
  const buffers: Buffer[] = []
  const bufferSize = Math.min(rereadable(reader) ? FILE_CHUNK_BYTES : plan.partSize, plan.partSize, plan.size)

  try {
    await runPool(partNumbers(), Math.min(args.concurrency, plan.partCount), async (partNumber) => {
      const buffer = buffers.pop() ?? Buffer.allocUnsafeSlow(bufferSize)
      try {
        results[partNumber - 1] = await sendOne(partNumber, buffer)
      } catch (e) {
        siblings.fail(e)
      } finally {
        buffers.push(buffer)
      }
    })
  } finally {
    siblings.detach()
  }
  siblings.throwIfFailed()
  return results
}

/**
 * Aborts an upload and makes sure it is gone: S3 documents that parts still in flight may
 * land after an abort, and that aborting again frees them.
 */
export async function abortMultipart(
  client: S3Client,
  where: S3ErrorContext & { bucket: string; key: string; uploadId: string },
): Promise<void> {
  const signal = new AbortController().signal
  for (let round = 0; round < 3; round++) {
    await withRetries(
      async (abortSignal) => {
        try {
          await client.send(
            new AbortMultipartUploadCommand({
              Bucket: where.bucket,
              Key: where.key,
              UploadId: where.uploadId,
            }),
            { abortSignal },
          )
        } catch (e) {
          if (!isMissingUpload(e)) throw e
        }
      },
      { client, signal, where, options: { maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 2000 } },
    )
    const left = await listServerParts(client, where, { signal })
    if (left === 'missing') return
    await sleep(500, signal)
  }
}
