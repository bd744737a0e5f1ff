// Server-side copy: CopyObject up to MAX_COPY_OBJECT_SIZE, UploadPartCopy above (CopyObject
// refuses larger sources). The seed connector's rule holds: the source's metadata is copied
// unless new metadata is given. Tags are kept, and every copy is checked against its source
// (copy-check.ts) before it counts as done.
import { CopyObjectCommand, type S3Client, type StorageClass, type Tag } from '@aws-sdk/client-s3'
import { encodeMetadata } from '../../../shared/metadata'
import { validateConcurrency } from '../../../shared/part-plan'
import { MAX_COPY_OBJECT_SIZE } from '../../../shared/s3-limits'
import type { S3Location } from '../../../shared/s3-url'
import { copyError, copySource, guardCopy, isCustomEndpoint, quotedEtag } from '../../s3/copy-guard'
import { headObject, stripQuotes, type ObjectHead } from '../../s3/head'
import { copyProof, type CopyProof } from './copy-check'
import { readTags, writeTags } from './copy-tags'
import { multipartCopy, type CopyUploadLog } from './multipart-copy'
import { carriedHeaders, type HeaderChanges } from './replace-headers'
import type { CustomerKey } from '../../../shared/encryption'
import { copyKeyParams, encryptedCopyRefused } from './copy-protection'

export { DEFAULT_COPY_PART_SIZE } from '../../../shared/s3-limits'

export interface CopyOptions {
  /** New user metadata, replacing the source's. Without it the source's metadata is copied. */
  metadata?: Record<string, string>
  /** System header changes; the others are carried over from the source. */
  headers?: HeaderChanges
  /** Sources larger than this are copied part by part. CopyObject's limit is MAX_COPY_OBJECT_SIZE. */
  multipartThreshold?: number
  partSize?: number
  concurrency?: number
  /** Copy this version of the source, not its latest (restoring a version copies it over the latest). */
  sourceVersionId?: string
  /** Copy only while the source still has this ETag (defaults to the ETag read at the start). */
  ifMatch?: string
  signal?: AbortSignal
  onProgress?: (bytesCopied: number, size: number) => void
  /** The SSE-C key of a source written with one (the copy keeps it). */
  customerKey?: CustomerKey | undefined
  /** The caller has no way to take an SSE-C key (moves): an SSE-C source is named as such. */
  takesNoKey?: boolean
  /** Told a multipart copy's upload id while it is open (a move set journals it). */
  uploads?: CopyUploadLog
}

export interface CopyOutcome {
  source: S3Location
  destination: S3Location
  size: number
  etag: string
  method: 'copy-object' | 'multipart-copy'
  parts: number
  /** Whether the server's answers prove the copy holds the source's bytes, and how. */
  proof: CopyProof
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
  const head = await headObject(client, source.bucket, source.key, {
    customerKey: options.customerKey,
    versionId: options.sourceVersionId,
    ...(options.takesNoKey ? { takesNoKey: true } : {}),
  })
  return copyFromHead(client, head, destination, options)
}

const hasHeaderChanges = (h: HeaderChanges | undefined) =>
  h !== undefined && Object.values(h).some((v) => v !== undefined)

/**
 * The copy once the source's HEAD is known (a metadata update and a move have read it already),
 * with an encrypted object the store cannot copy named as such.
 */
export async function copyFromHead(
  client: S3Client,
  head: ObjectHead,
  destination: S3Location,
  options: CopyOptions = {},
): Promise<CopyOutcome> {
  try {
    return await copyBytes(client, head, destination, options)
  } catch (e) {
    // An SSE-KMS refusal stays an EncryptedCopyRefused: moves stream such objects instead.
    throw encryptedCopyRefused(e, head) ?? e
  }
}

async function copyBytes(
  client: S3Client,
  head: ObjectHead,
  destination: S3Location,
  options: CopyOptions,
): Promise<CopyOutcome> {
  const source = { bucket: head.bucket, key: head.key }
  const etag = stripQuotes(options.ifMatch ?? head.etag)
  const inPlace = source.bucket === destination.bucket && source.key === destination.key
  const replace = inPlace || options.metadata !== undefined || hasHeaderChanges(options.headers)
  const custom = await isCustomEndpoint(client)
  const threshold = Math.min(options.multipartThreshold ?? MAX_COPY_OBJECT_SIZE, MAX_COPY_OBJECT_SIZE)
  const multipart = head.size > threshold
  // Copies that would drop the tags read them first (copy-tags.ts): radosgw drops them on a
  // copy in place too, which always replaces the metadata.
  const tags: Tag[] =
    replace || multipart ? await readTags(client, source, options.signal, options.sourceVersionId) : []
  options.signal?.throwIfAborted()

  if (multipart) {
    const done = await multipartCopy(client, head, destination, {
      ...options,
      etag,
      metadata: encodeMetadata(options.metadata ?? head.metadata),
      custom,
    })
    // The object exists: its tags go on even after a stop, so that it is whole.
    await writeTags(client, destination, tags)
    return {
      source,
      destination,
      size: head.size,
      etag: done.etag,
      method: 'multipart-copy',
      parts: done.partEtags.length,
      proof: copyProof(head, { size: done.size, etag: done.etag }, done.partEtags),
    }
  }

  let newEtag: string
  try {
    const out = await client.send(
      guardCopy(
        new CopyObjectCommand({
          Bucket: destination.bucket,
          Key: destination.key,
          CopySource: copySource(source.bucket, source.key, options.sourceVersionId),
          CopySourceIfMatch: quotedEtag(etag),
          ...copyKeyParams(head, options.customerKey),
          ...(replace
            ? {
                MetadataDirective: 'REPLACE',
                Metadata: encodeMetadata(options.metadata ?? head.metadata),
                ...carriedHeaders(head, options.headers),
              }
            : // COPY carries metadata, headers and tags, but the storage class falls back to STANDARD.
              {
                MetadataDirective: 'COPY',
                ...(head.storageClass ? { StorageClass: head.storageClass as StorageClass } : {}),
              }),
        }),
        etag,
        custom,
      ),
      // Not cut off by a stop (the signal ends what has not started): a CopyObject the client
      // gave up on may still finish on the server, an object no journal proves beside its source.
    )
    newEtag = stripQuotes(out.CopyObjectResult?.ETag)
  } catch (e) {
    throw copyError(e, source, etag, head.serverSideEncryption)
  }
  await writeTags(client, destination, tags)
  options.onProgress?.(head.size, head.size)
  let proof = copyProof(head, { etag: newEtag })
  if (!proof.ok) {
    // No ETag in the answer, or another one (encryption): the copy's HEAD says more.
    const copy = await headObject(client, destination.bucket, destination.key, {
      customerKey: head.sseCustomerAlgorithm ? options.customerKey : undefined,
    })
    newEtag = copy.etag
    proof = copyProof(head, copy)
  }
  return { source, destination, size: head.size, etag: newEtag, method: 'copy-object', parts: 1, proof }
}
