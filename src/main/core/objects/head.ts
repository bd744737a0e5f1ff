import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import type { ObjectDetails } from '../../../shared/domain/objects'
import { decodeMetadata } from '../../../shared/metadata'
import { toFerryError } from '../s3/s3-errors'

export async function headObject(client: S3Client, bucket: string, key: string): Promise<ObjectDetails> {
  try {
    const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
    const details: ObjectDetails = {
      bucket,
      key,
      size: out.ContentLength ?? 0,
      etag: (out.ETag ?? '').replaceAll('"', ''),
      lastModified: out.LastModified?.toISOString() ?? '',
      metadata: decodeMetadata(out.Metadata),
    }
    if (out.ContentType) details.contentType = out.ContentType
    if (out.CacheControl) details.cacheControl = out.CacheControl
    if (out.ContentDisposition) details.contentDisposition = out.ContentDisposition
    if (out.StorageClass) details.storageClass = out.StorageClass
    return details
  } catch (e) {
    throw toFerryError(e, { bucket, key })
  }
}
