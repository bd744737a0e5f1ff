// Object tags across a copy. CopyObject with MetadataDirective COPY carries them, but
// radosgw 16 drops them when the metadata is replaced (whatever TaggingDirective says) and
// when the copy is assembled from parts (it ignores Tagging on CreateMultipartUpload), both
// measured: so those copies read the source's tags first and put them on the copy after.
import { GetObjectTaggingCommand, PutObjectTaggingCommand, type S3Client, type Tag } from '@aws-sdk/client-s3'
import { FerryError } from '../../../shared/errors'
import type { S3Location } from '../../../shared/s3-url'
import { toFerryError } from '../../s3/s3-errors'
import { retryLoop } from '../../s3/retrying'

const send = (signal?: AbortSignal) => (signal ? { abortSignal: signal } : {})

function tagsError(e: unknown, where: S3Location, action: string): FerryError {
  const error = toFerryError(e, where)
  if (error.code !== 'access-denied') return error
  return new FerryError(
    {
      code: 'access-denied',
      message: `cannot ${action} the tags of s3://${where.bucket}/${where.key}, so the copy would lose them`,
      fix: `Allow s3:${action === 'read' ? 'GetObjectTagging' : 'PutObjectTagging'} on the bucket's objects.`,
    },
    { cause: e },
  )
}

/** The tags of the object, or of one version of it (the latest may be a delete marker, which has none). */
export async function readTags(
  client: S3Client,
  where: S3Location,
  signal?: AbortSignal,
  versionId?: string,
): Promise<Tag[]> {
  try {
    const out = await retryLoop(
      () =>
        client.send(
          new GetObjectTaggingCommand({
            Bucket: where.bucket,
            Key: where.key,
            ...(versionId !== undefined ? { VersionId: versionId } : {}),
          }),
          send(signal),
        ),
      { signal },
    )
    return out.TagSet ?? []
  } catch (e) {
    throw tagsError(e, where, 'read')
  }
}

export async function writeTags(
  client: S3Client,
  where: S3Location,
  tags: Tag[],
  signal?: AbortSignal,
): Promise<void> {
  if (tags.length === 0) return
  try {
    await retryLoop(
      () =>
        client.send(
          new PutObjectTaggingCommand({ Bucket: where.bucket, Key: where.key, Tagging: { TagSet: tags } }),
          send(signal),
        ),
      { signal },
    )
  } catch (e) {
    throw tagsError(e, where, 'write')
  }
}
