// Incomplete multipart uploads: invisible in listings, yet their parts are stored and
// billed until the upload is completed or aborted.
import {
  AbortMultipartUploadCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import { toErrorValue, type FerryErrorValue } from '../../../shared/errors'
import { failureFacts, toFerryError } from '../../s3/s3-errors'
import { runPool } from '../../s3/pool'
import { retryLoop } from '../../s3/retrying'
import type { RetryOptions } from '../../../shared/retry-policy'

export interface IncompleteUpload {
  key: string
  uploadId: string
  /** ISO time the upload was created, by the server's clock. */
  initiated: string
  parts: number
  bytes: number
  storageClass?: string
}

export interface ListUploadsOptions {
  prefix?: string
  /** ListParts requests in flight while the parts are counted. */
  concurrency?: number
  /** Uploads per listing page (the server's default, 1,000, when not given). */
  pageSize?: number
  signal?: AbortSignal
}

async function listUploadIds(
  client: S3Client,
  bucket: string,
  options: ListUploadsOptions,
): Promise<IncompleteUpload[]> {
  const uploads: IncompleteUpload[] = []
  let keyMarker: string | undefined
  let uploadIdMarker: string | undefined
  for (;;) {
    const out = await retryLoop(
      () =>
        client.send(
          new ListMultipartUploadsCommand({
            Bucket: bucket,
            Prefix: options.prefix || undefined,
            KeyMarker: keyMarker,
            UploadIdMarker: uploadIdMarker,
            MaxUploads: options.pageSize,
          }),
          options.signal ? { abortSignal: options.signal } : {},
        ),
      { signal: options.signal },
    )
    for (const u of out.Uploads ?? []) {
      if (!u.Key || !u.UploadId) continue
      const upload: IncompleteUpload = {
        key: u.Key,
        uploadId: u.UploadId,
        initiated: u.Initiated?.toISOString() ?? '',
        parts: 0,
        bytes: 0,
      }
      if (u.StorageClass) upload.storageClass = u.StorageClass
      uploads.push(upload)
    }
    if (!out.IsTruncated) return uploads
    // Both markers move together; a server that sends neither would loop forever.
    if (out.NextKeyMarker === keyMarker && out.NextUploadIdMarker === uploadIdMarker) return uploads
    keyMarker = out.NextKeyMarker
    uploadIdMarker = out.NextUploadIdMarker
  }
}

async function countParts(
  client: S3Client,
  bucket: string,
  upload: IncompleteUpload,
  signal?: AbortSignal,
): Promise<void> {
  let marker: string | undefined
  for (;;) {
    const out = await retryLoop(
      () =>
        client.send(
          new ListPartsCommand({
            Bucket: bucket,
            Key: upload.key,
            UploadId: upload.uploadId,
            PartNumberMarker: marker,
          }),
          signal ? { abortSignal: signal } : {},
        ),
      { signal },
    )
    for (const p of out.Parts ?? []) {
      upload.parts += 1
      upload.bytes += p.Size ?? 0
    }
    if (!out.IsTruncated || !out.NextPartNumberMarker || out.NextPartNumberMarker === marker) return
    marker = out.NextPartNumberMarker
  }
}

/** Every incomplete upload in the bucket (under the prefix), with its parts counted. */
export async function listIncompleteUploads(
  client: S3Client,
  bucket: string,
  options: ListUploadsOptions = {},
): Promise<IncompleteUpload[]> {
  try {
    const uploads = await listUploadIds(client, bucket, options)
    const gone = new Set<IncompleteUpload>()
    await runPool(uploads, options.concurrency ?? 8, async (upload) => {
      try {
        await countParts(client, bucket, upload, options.signal)
      } catch (e) {
        // Completed or aborted since it was listed: it is no longer incomplete.
        if (failureFacts(e).code === 'NoSuchUpload') gone.add(upload)
        else throw e
      }
    })
    return uploads
      .filter((u) => !gone.has(u))
      .sort((a, b) => a.initiated.localeCompare(b.initiated) || a.key.localeCompare(b.key))
  } catch (e) {
    throw toFerryError(e, { bucket })
  }
}

export interface AbortOutcome {
  aborted: IncompleteUpload[]
  failed: { upload: IncompleteUpload; error: FerryErrorValue }[]
}

/** Tries of an abort a resume or a cancel waits on: a store out of reach is named within seconds. */
export const ABORT_RETRY: RetryOptions = { maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 2000 }

/** Gone already (completed, aborted, expired): AWS says NoSuchUpload, radosgw sometimes NoSuchKey. */
const uploadGone = (e: unknown): boolean => {
  const facts = failureFacts(e)
  return facts.code === 'NoSuchUpload' || facts.status === 404
}

/** Aborts one upload; one already gone is what was wanted. Throws a FerryError naming the upload. */
export async function abortUpload(
  client: S3Client,
  where: { bucket: string; key: string; uploadId: string },
  options: { signal?: AbortSignal; policy?: RetryOptions } = {},
): Promise<void> {
  try {
    await retryLoop(
      () =>
        client.send(
          new AbortMultipartUploadCommand({ Bucket: where.bucket, Key: where.key, UploadId: where.uploadId }),
          options.signal ? { abortSignal: options.signal } : {},
        ),
      { signal: options.signal, policy: options.policy },
    )
  } catch (e) {
    if (!uploadGone(e)) throw toFerryError(e, { bucket: where.bucket, key: where.key })
  }
}

/** Aborts each upload; one failure does not stop the others. */
export async function abortIncompleteUploads(
  client: S3Client,
  bucket: string,
  uploads: readonly IncompleteUpload[],
  options: {
    concurrency?: number
    signal?: AbortSignal
    onAborted?: (upload: IncompleteUpload) => void
  } = {},
): Promise<AbortOutcome> {
  const outcome: AbortOutcome = { aborted: [], failed: [] }
  await runPool(uploads, options.concurrency ?? 8, async (upload) => {
    try {
      await abortUpload(
        client,
        { bucket, key: upload.key, uploadId: upload.uploadId },
        options.signal ? { signal: options.signal } : {},
      )
      outcome.aborted.push(upload)
      options.onAborted?.(upload)
    } catch (e) {
      outcome.failed.push({ upload, error: toErrorValue(e) })
    }
  })
  return outcome
}
