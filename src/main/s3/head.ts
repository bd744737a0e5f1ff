import {
  HeadBucketCommand,
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3'
import type { ObjectDetails } from '../../shared/domain/objects'
import type { CustomerKey } from '../../shared/encryption'
import { FerryError } from '../../shared/errors'
import { customerKeyParams } from './customer-key'
import { decodeMetadata } from '../../shared/metadata'
import { archiveState } from '../../shared/archive'
import { failureFacts, toFerryError } from './s3-errors'

/** Everything a HEAD tells about an object, including the headers a metadata update must carry over. */
export interface ObjectHead extends ObjectDetails {
  contentEncoding?: string
  contentLanguage?: string
  /** The Expires header as a date (it is a plain HTTP header on the object). */
  expires?: Date
  websiteRedirectLocation?: string
  serverSideEncryption?: string
  sseKmsKeyId?: string
  /** SSE-C: the algorithm and the base64 MD5 of the customer's key (S3 never returns the key). */
  sseCustomerAlgorithm?: string
  sseCustomerKeyMd5?: string
  /** x-amz-tagging-count: how many tags the object has (0 when the answer leaves it out). */
  tagCount?: number
  /** Only when the server honours HEAD ?partNumber= (AWS does; radosgw 16 ignores it). */
  partsCount?: number
}

export const stripQuotes = (etag: string | undefined): string => (etag ?? '').replaceAll('"', '')

export function objectHeadFrom(bucket: string, key: string, out: HeadObjectCommandOutput): ObjectHead {
  const head: ObjectHead = {
    bucket,
    key,
    size: out.ContentLength ?? 0,
    etag: stripQuotes(out.ETag),
    lastModified: out.LastModified?.toISOString() ?? '',
    metadata: decodeMetadata(out.Metadata),
  }
  if (out.ContentType) head.contentType = out.ContentType
  if (out.CacheControl) head.cacheControl = out.CacheControl
  if (out.ContentDisposition) head.contentDisposition = out.ContentDisposition
  if (out.ContentEncoding) head.contentEncoding = out.ContentEncoding
  if (out.ContentLanguage) head.contentLanguage = out.ContentLanguage
  if (out.Expires && !Number.isNaN(out.Expires.getTime())) head.expires = out.Expires
  if (out.StorageClass) head.storageClass = out.StorageClass
  if (out.WebsiteRedirectLocation) head.websiteRedirectLocation = out.WebsiteRedirectLocation
  if (out.ServerSideEncryption) head.serverSideEncryption = out.ServerSideEncryption
  if (out.SSEKMSKeyId) head.sseKmsKeyId = out.SSEKMSKeyId
  if (out.SSECustomerAlgorithm) head.sseCustomerAlgorithm = out.SSECustomerAlgorithm
  if (out.SSECustomerKeyMD5) head.sseCustomerKeyMd5 = out.SSECustomerKeyMD5
  if (out.TagCount) head.tagCount = out.TagCount
  if (out.PartsCount !== undefined) head.partsCount = out.PartsCount
  if (out.VersionId) head.versionId = out.VersionId
  const archive = archiveState(out.StorageClass, out.ArchiveStatus, out.Restore)
  if (archive) head.archive = archive
  return head
}

/**
 * A HEAD on a missing object and on a missing bucket both answer a bare 404 (HEAD has no
 * body to name the error), so a missing object is double-checked with HeadBucket: the
 * user learns which of the two is wrong.
 */
export async function explainMissing(
  client: S3Client,
  error: FerryError,
  bucket: string,
): Promise<FerryError> {
  if (error.code !== 'object-missing' && error.code !== 'version-missing') return error
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }))
    return error
  } catch (e) {
    const bucketError = toFerryError(e, { bucket })
    // HeadBucket's own 404 is bodiless too; with no key in the context it reads as bucket-missing.
    return bucketError.code === 'bucket-missing' ? bucketError : error
  }
}

/**
 * A HEAD has no body, so a refusal is a bare status. A bare 400 for an object is what S3 and
 * radosgw answer when it is encrypted with a customer-provided key (SSE-C) and none is sent:
 * Ferry holds no such keys, so it says that rather than "HTTP 400".
 */
function explainBare400(e: unknown, bucket: string, key: string): FerryError | undefined {
  const facts = failureFacts(e)
  if (facts.status !== 400 || facts.code !== undefined) return undefined
  // AWS's bare 400 for a bucket of another region names that region: not this case.
  const headers = (e as { $response?: { headers?: Record<string, string> } }).$response?.headers
  if (headers?.['x-amz-bucket-region']) return undefined
  return new FerryError(
    {
      code: 'not-supported',
      message: `s3://${bucket}/${key} cannot be read without a key (HTTP 400 to its HEAD): it is most likely encrypted with a customer-provided key (SSE-C), which Ferry does not hold; nothing was changed`,
      fix: 'Move, copy or read it with a tool given its key (aws-cli: --sse-c and --sse-c-copy-source).',
      detail: 'HTTP 400',
    },
    { cause: e },
  )
}

export async function headObject(
  client: S3Client,
  bucket: string,
  key: string,
  options: {
    partNumber?: number
    abortSignal?: AbortSignal
    customerKey?: CustomerKey | undefined
    versionId?: string | undefined
    /** The caller has no way to give an SSE-C key (moves): a bare 400 names that, not --sse-c-key. */
    takesNoKey?: boolean
  } = {},
): Promise<ObjectHead> {
  const { customerKey, versionId } = options
  try {
    const out = await client.send(
      new HeadObjectCommand({
        Bucket: bucket,
        Key: key,
        PartNumber: options.partNumber,
        ...(customerKey ? customerKeyParams(customerKey) : {}),
        VersionId: versionId,
      }),
      options.abortSignal ? { abortSignal: options.abortSignal } : {},
    )
    return objectHeadFrom(bucket, key, out)
  } catch (e) {
    // A caller that cannot take a key (moves) says so: "pass --sse-c-key" would be no help.
    const bare400 = options.takesNoKey ? explainBare400(e, bucket, key) : undefined
    if (bare400) throw bare400
    // HEAD has no body: a bare 400 is how S3 and radosgw say the object is SSE-C encrypted.
    const protection = { write: false, customerKey: customerKey !== undefined }
    const error = toFerryError(e, {
      bucket,
      key,
      protection,
      ...(versionId !== undefined ? { versionId } : {}),
    })
    throw await explainMissing(client, error, bucket)
  }
}

export type Existence = { exists: true; head: ObjectHead } | { exists: false }

/** The seed connector's exists(): false for a missing key; a missing bucket is still an error. */
export async function objectExists(client: S3Client, bucket: string, key: string): Promise<Existence> {
  try {
    return { exists: true, head: await headObject(client, bucket, key) }
  } catch (e) {
    if ((e as FerryError).code === 'object-missing') return { exists: false }
    throw e
  }
}
