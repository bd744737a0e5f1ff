// A copy part by part (UploadPartCopy), for sources above MAX_COPY_OBJECT_SIZE or a lower
// threshold. Parts are copied in parallel through the one pool; the upload is aborted on any
// failure, so no incomplete upload is left behind. A caller that can outlive a kill (a move
// set) is told the upload id before any part is copied, and again once it is closed, so it can
// write it down and abort it on its next run.
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import { FerryError } from '../../../shared/errors'
import { partRanges, planParts } from '../../../shared/part-plan'
import { DEFAULT_CONCURRENCY, DEFAULT_COPY_PART_SIZE } from '../../../shared/s3-limits'
import type { S3Location } from '../../../shared/s3-url'
import { copyError, copySource, guardCopy, quotedEtag, sourceChangedError } from '../../s3/copy-guard'
import { headObject, type ObjectHead } from '../../s3/head'
import { runPool } from '../../s3/pool'
import { serverNow } from '../../s3/server-clock'
import { retryLoop } from '../../s3/retrying'
import { failureFacts, toFerryError } from '../../s3/s3-errors'
import { carriedHeaders, type HeaderChanges } from './replace-headers'
import type { CustomerKey } from '../../../shared/encryption'
import { customerKeyParams } from '../../s3/customer-key'
import { copyKeyParams } from './copy-protection'
import { ABORT_RETRY, abortUpload } from './incomplete-uploads'

/** Where a multipart copy's upload id is written down while the upload is open (a move set's journal). */
export interface CopyUploadLog {
  /**
   * Before CreateMultipartUpload, with the server's time: a kill between the server's answer
   * and `opened` leaves an upload whose id only a sweep of the key's uploads since then finds.
   */
  creating(serverTime: number): Promise<void>
  /** The store refused the Create (a 4xx answer): no upload exists, nothing is left to sweep. */
  notCreated(): Promise<void>
  /** Resolves once the id is safe from a kill; no part is copied before. */
  opened(uploadId: string): Promise<void>
  /** The upload was completed or aborted. */
  closed(uploadId: string): Promise<void>
}

export interface MultipartCopyOptions {
  headers?: HeaderChanges
  partSize?: number
  concurrency?: number
  /** Copy this version of the source, not its latest. */
  sourceVersionId?: string | undefined
  signal?: AbortSignal
  onProgress?: (bytesCopied: number, size: number) => void
  etag: string
  metadata: Record<string, string>
  custom: boolean
  /** The SSE-C key of a source written with one (the copy keeps it). */
  customerKey?: CustomerKey | undefined
  uploads?: CopyUploadLog | undefined
}

export interface MultipartCopyDone {
  /** From the copy's HEAD: radosgw answers CompleteMultipartUpload with an empty ETag. */
  etag: string
  size: number
  /** The ETag of each part the server copied, in order. */
  partEtags: string[]
}

export async function multipartCopy(
  client: S3Client,
  head: ObjectHead,
  destination: S3Location,
  options: MultipartCopyOptions,
): Promise<MultipartCopyDone> {
  const source = { bucket: head.bucket, key: head.key }
  // An SSE-C source and its copy answer HEAD only with the key.
  const customerKey = head.sseCustomerAlgorithm ? options.customerKey : undefined
  const plan = planParts(head.size, {
    partSize: options.partSize ?? DEFAULT_COPY_PART_SIZE,
    multipartThreshold: 0,
  })
  if (plan.kind !== 'multipart') throw new Error('a multipart copy needs a multipart plan')
  const send = { ...(options.signal ? { abortSignal: options.signal } : {}) }
  const { signal } = options
  let uploadId: string
  await options.uploads?.creating(serverNow(client))
  try {
    const created = await client.send(
      new CreateMultipartUploadCommand({
        Bucket: destination.bucket,
        Key: destination.key,
        Metadata: options.metadata,
        ...carriedHeaders(head, options.headers),
        // The destination's SSE-C parameters (Create takes no copy-source ones).
        ...(customerKey ? customerKeyParams(customerKey) : {}),
      }),
      send,
    )
    if (!created.UploadId) throw new Error('CreateMultipartUpload answered without an upload id')
    uploadId = created.UploadId
  } catch (e) {
    // No answer, or a 5xx, may still have created an upload: the journaled create stays for a sweep.
    const status = failureFacts(e).status
    if (status !== undefined && status >= 400 && status < 500)
      await options.uploads?.notCreated().catch(() => undefined)
    throw toFerryError(e, destination)
  }

  const etags: string[] = []
  const where = { bucket: destination.bucket, key: destination.key, uploadId }
  try {
    await options.uploads?.opened(uploadId)
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
                ...copyKeyParams(head, options.customerKey),
              }),
              options.etag,
              options.custom,
            ),
            send,
          ),
        { signal },
      ).catch((e: unknown) => {
        throw copyError(e, source, options.etag, head.serverSideEncryption)
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
      customerKey,
      versionId: options.sourceVersionId,
    })
    if (now.etag !== options.etag) throw sourceChangedError(source, options.etag)

    // A stop aborts the upload up to here. Once Complete is sent it is not cut off: the server
    // may finish it after the client gave up, leaving an object at the destination that no
    // journal proves, beside its source. Its answer makes the copy whole and proven instead.
    signal?.throwIfAborted()
    try {
      await retryLoop(() =>
        client.send(
          new CompleteMultipartUploadCommand({
            Bucket: destination.bucket,
            Key: destination.key,
            UploadId: uploadId,
            MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
          }),
        ),
      )
    } catch (e) {
      throw toFerryError(e, destination)
    }
  } catch (e) {
    // Never leave an incomplete upload (and its stored parts) behind. Not cancelled by the
    // signal: a stop is what brought us here.
    try {
      await abortUpload(client, where, { policy: ABORT_RETRY })
      await options.uploads?.closed(uploadId)
    } catch {
      // Still open (the store out of reach): a log that holds its id has it aborted on the
      // next run; `ferry uploads --abort` finds it either way.
    }
    if (signal?.aborted)
      throw new FerryError(
        { code: 'cancelled', message: 'the copy was cancelled', fix: 'Run the command again to copy.' },
        { cause: e },
      )
    throw toFerryError(e, destination)
  }
  // Not durable, not fatal: a close lost to a kill has the next run abort an upload that was
  // completed, which the store answers NoSuchUpload: nothing is touched.
  await options.uploads?.closed(uploadId).catch(() => undefined)
  const done = await headObject(client, destination.bucket, destination.key, { customerKey })
  return { etag: done.etag, size: done.size, partEtags: etags }
}
