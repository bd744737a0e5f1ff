// What a bucket still holds, counted for the "not empty" refusal and for emptying it:
// every version and delete marker (a versioned bucket with no current object is still not
// empty to S3) and every open multipart upload.
import { ListMultipartUploadsCommand, type S3Client } from '@aws-sdk/client-s3'
import { retryLoop } from '../../s3/retrying'
import { toFerryError } from '../../s3/s3-errors'
import { listVersions } from '../versions/list-versions'

/** Counting stops here: the refusal only needs to say "at least". */
export const CONTENTS_COUNT_LIMIT = 10_000

export interface BucketContents {
  /** Versions and delete markers, current ones included (objects, in an unversioned bucket). */
  versions: number
  uploads: number
  /** True when counting stopped at CONTENTS_COUNT_LIMIT. */
  more: boolean
}

export async function countBucketContents(
  client: S3Client,
  bucket: string,
  signal?: AbortSignal,
): Promise<BucketContents> {
  const contents: BucketContents = { versions: 0, uploads: 0, more: false }
  for await (const v of listVersions(client, bucket, '', signal ? { signal } : {})) {
    void v
    if (++contents.versions >= CONTENTS_COUNT_LIMIT) {
      contents.more = true
      break
    }
  }
  try {
    const out = await retryLoop(
      () =>
        client.send(
          new ListMultipartUploadsCommand({ Bucket: bucket }),
          signal ? { abortSignal: signal } : {},
        ),
      { signal },
    )
    contents.uploads = out.Uploads?.length ?? 0
    if (out.IsTruncated) contents.more = true
  } catch (e) {
    throw toFerryError(e, { bucket })
  }
  return contents
}

const plural = (n: number, one: string, many: string) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`

/** "3 objects or versions and 1 open multipart upload", for messages. */
export function describeContents(c: BucketContents): string {
  const parts: string[] = []
  if (c.versions > 0)
    parts.push(
      `${c.more && c.versions >= CONTENTS_COUNT_LIMIT ? 'at least ' : ''}${plural(c.versions, 'object or version', 'objects or versions')}`,
    )
  if (c.uploads > 0) parts.push(plural(c.uploads, 'open multipart upload', 'open multipart uploads'))
  return parts.join(' and ') || 'nothing Ferry can list'
}
