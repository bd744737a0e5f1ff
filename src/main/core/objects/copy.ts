// Server-side copy: CopyObject up to 5 GiB, UploadPartCopy above (CopyObject refuses
// larger sources). The seed connector's rule holds: the source's metadata is copied
// unless new metadata is given.
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  UploadPartCopyCommand,
  type S3Client,
  type StorageClass,
} from '@aws-sdk/client-s3'
import { FerryError } from '../../../shared/errors'
import { encodeMetadata } from '../../../shared/metadata'
import { partRanges, planParts, validateConcurrency } from '../../../shared/part-plan'
import { DEFAULT_CONCURRENCY, MAX_SINGLE_PUT_SIZE, MiB } from '../../../shared/s3-limits'
import type { S3Location } from '../../../shared/s3-url'
import { toFerryError } from '../../s3/s3-errors'
import {
  copyError,
  copySource,
  guardCopy,
  isCustomEndpoint,
  quotedEtag,
  sourceChangedError,
} from '../../s3/copy-guard'
import { headObject, stripQuotes, type ObjectHead } from '../../s3/head'
import { runPool } from '../../s3/pool'
import { carriedHeaders, type HeaderChanges } from './replace-headers'
import { retryLoop } from '../../s3/retrying'

/**
 * Part copies move no bytes through Ferry, so larger parts than for uploads cost nothing
 * locally and save requests: a 6 GiB object is 96 requests instead of 768.
 */
export const DEFAULT_COPY_PART_SIZE = 64 * MiB

export interface CopyOptions {
  /** New user metadata, replacing the source's. Without it the source's metadata is copied. */
  metadata?: Record<string, string>
  /** System header changes; the others are carried over from the source. */
  headers?: HeaderChanges
  /** Sources larger than this are copied part by part. CopyObject's limit is 5 GiB. */
  multipartThreshold?: number
  partSize?: number
  concurrency?: number
  /** Copy this version of the source, not its latest (restoring a version copies it over the latest). */
  sourceVersionId?: string
  /** Copy only while the source still has this ETag (defaults to the ETag read at the start). */
  ifMatch?: string
  signal?: AbortSignal
  onProgress?: (bytesCopied: number, size: number) => void
}

export interface CopyOutcome {
  source: S3Location
  destination: S3Location
  size: number
  etag: string
  method: 'copy-object' | 'multipart-copy'
  parts: number
}

export async function copyObject(
  client: S3Client,
  source: S3Location,
  destination: S3Location,
  options: CopyOptions = {},
): Promise<CopyOutcome> {
  // Bad metadata is the caller's mistake: say so before any request.
  if (options.metadata) encodeMetadata(options.metadata)
  if (options.concurrency !== undefined) validateConcurrency(options.concurrency)
  const head = await headObject(client, source.bucket, source.key, { versionId: options.sourceVersionId })
  return copyFromHead(client, head, destination, options)
}

const hasHeaderChanges = (h: HeaderChanges | undefined) =>
  h !== undefined && Object.values(h).some((v) => v !== undefined)

/** The copy once the source's HEAD is known (a metadata update has read it already). */
export async function copyFromHead(
  client: S3Client,
  head: ObjectHead,
  destination: S3Location,
  options: CopyOptions = {},
): Promise<CopyOutcome> {
  const source = { bucket: head.bucket, key: head.key }
  const etag = stripQuotes(options.ifMatch ?? head.etag)
  const inPlace = source.bucket === destination.bucket && source.key === destination.key
  const replace = inPlace || options.metadata !== undefined || hasHeaderChanges(options.headers)
  const custom = await isCustomEndpoint(client)
  const threshold = Math.min(options.multipartThreshold ?? MAX_SINGLE_PUT_SIZE, MAX_SINGLE_PUT_SIZE)
  options.signal?.throwIfAborted()

  if (head.size <= threshold) {
    try {
      const out = await client.send(
        guardCopy(
          new CopyObjectCommand({
            Bucket: destination.bucket,
            Key: destination.key,
            CopySource: copySource(source.bucket, source.key, options.sourceVersionId),
            CopySourceIfMatch: quotedEtag(etag),
            ...(replace
              ? {
                  MetadataDirective: 'REPLACE',
                  Metadata: encodeMetadata(options.metadata ?? head.metadata),
                  ...carriedHeaders(head, options.headers),
                }
              : // COPY carries metadata and headers, but the storage class falls back to STANDARD.
                {
                  MetadataDirective: 'COPY',
                  ...(head.storageClass ? { StorageClass: head.storageClass as StorageClass } : {}),
                }),
          }),
          etag,
          custom,
        ),
        options.signal ? { abortSignal: options.signal } : {},
      )
      options.onProgress?.(head.size, head.size)
      const newEtag =
        stripQuotes(out.CopyObjectResult?.ETag) ||
        (await headObject(client, destination.bucket, destination.key)).etag
      return { source, destination, size: head.size, etag: newEtag, method: 'copy-object', parts: 1 }
    } catch (e) {
      throw copyError(e, source, etag)
    }
  }
  return multipartCopy(client, head, destination, {
    ...options,
    etag,
    metadata: encodeMetadata(options.metadata ?? head.metadata),
    custom,
  })
}

async function multipartCopy(
  client: S3Client,
  head: ObjectHead,
  destination: S3Location,
  options: CopyOptions & { etag: string; metadata: Record<string, string>; custom: boolean },
): Promise<CopyOutcome> {
  const source = { bucket: head.bucket, key: head.key }
  const plan = planParts(head.size, {
    partSize: options.partSize ?? DEFAULT_COPY_PART_SIZE,
    multipartThreshold: 0,
  })
  if (plan.kind !== 'multipart') throw new Error('a multipart copy needs a multipart plan')
  const send = { ...(options.signal ? { abortSignal: options.signal } : {}) }
  const { signal } = options
  let uploadId: string
  try {
    const created = await client.send(
      new CreateMultipartUploadCommand({
        Bucket: destination.bucket,
        Key: destination.key,
        Metadata: options.metadata,
        ...carriedHeaders(head, options.headers),
      }),
      send,
    )
    if (!created.UploadId) throw new Error('CreateMultipartUpload answered without an upload id')
    uploadId = created.UploadId
  } catch (e) {
    throw toFerryError(e, destination)
  }

  try {
    const etags: string[] = []
    let copied = 0
    await runPool(partRanges(plan), options.concurrency ?? DEFAULT_CONCURRENCY, async (range) => {
      signal?.throwIfAborted()
      const out = await retryLoop(
        () =>
          client.send(
            guardCopy(
              new UploadPartCopyCommand({
                Bucket: destination.bucket,
                Key: destination.key,
                UploadId: uploadId,
                PartNumber: range.partNumber,
                CopySource: copySource(source.bucket, source.key, options.sourceVersionId),
                CopySourceRange: `bytes=${range.start}-${range.end - 1}`,
                CopySourceIfMatch: quotedEtag(options.etag),
              }),
              options.etag,
              options.custom,
            ),
            send,
          ),
        { signal },
      ).catch((e: unknown) => {
        throw copyError(e, source, options.etag)
      })
      const partEtag = out.CopyPartResult?.ETag
      if (!partEtag)
        throw new FerryError({
          code: 'server-error',
          message: `the server returned no ETag for copied part ${range.partNumber}`,
          fix: 'Run the copy again.',
        })
      etags[range.partNumber - 1] = partEtag
      copied += range.end - range.start
      options.onProgress?.(copied, head.size)
    })

    // radosgw 16 ignores the copy condition on UploadPartCopy (measured), so the source is
    // checked once more before the parts become an object: if it still has the ETag read
    // at the start, no part can have come from another version.
    const now = await headObject(client, source.bucket, source.key, {
      ...send,
      versionId: options.sourceVersionId,
    })
    if (now.etag !== options.etag) throw sourceChangedError(source, options.etag)

    try {
      await retryLoop(
        () =>
          client.send(
            new CompleteMultipartUploadCommand({
              Bucket: destination.bucket,
              Key: destination.key,
              UploadId: uploadId,
              MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
            }),
            send,
          ),
        { signal },
      )
    } catch (e) {
      throw toFerryError(e, destination)
    }
  } catch (e) {
    // Never leave an incomplete upload (and its stored parts) behind.
    await client
      .send(
        new AbortMultipartUploadCommand({
          Bucket: destination.bucket,
          Key: destination.key,
          UploadId: uploadId,
        }),
      )
      .catch(() => undefined)
    if (signal?.aborted)
      throw new FerryError(
        { code: 'cancelled', message: 'the copy was cancelled', fix: 'Run the command again to copy.' },
        { cause: e },
      )
    throw toFerryError(e, destination)
  }
  // radosgw answers CompleteMultipartUpload with an empty ETag; HEAD has the right one.
  const done = await headObject(client, destination.bucket, destination.key)
  return {
    source,
    destination,
    size: head.size,
    etag: done.etag,
    method: 'multipart-copy',
    parts: plan.partCount,
  }
}
