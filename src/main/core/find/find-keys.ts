// Finding keys across a bucket: one ListObjectsV2 page (up to 1,000 keys) per call, the
// matches in it and how many keys were read, so the app shows results and a count as the
// listing goes instead of after a bucket of millions of keys has been read.
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3'
import { keyMatches } from '../../../shared/find/typed-path'
import { MAX_LIST_PAGE } from '../../../shared/s3-limits'
import { retryLoop } from '../../s3/retrying'
import { toFerryError } from '../../s3/s3-errors'

export interface FoundKey {
  key: string
  size: number
  lastModified: string
}

export interface FindPage {
  matches: FoundKey[]
  /** Keys read in this page. */
  scanned: number
  nextToken?: string
}

export async function findKeysPage(
  client: S3Client,
  request: { bucket: string; prefix: string; query: string; continuationToken?: string | undefined },
): Promise<FindPage> {
  const { bucket, prefix, query } = request
  let out
  try {
    out = await retryLoop(() =>
      client.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix || undefined,
          ContinuationToken: request.continuationToken,
          MaxKeys: MAX_LIST_PAGE,
        }),
      ),
    )
  } catch (e) {
    throw toFerryError(e, { bucket })
  }
  const contents = out.Contents ?? []
  const matches = contents
    .filter((o) => o.Key !== undefined && keyMatches(o.Key.slice(prefix.length), query))
    .map((o) => ({ key: o.Key!, size: o.Size ?? 0, lastModified: o.LastModified?.toISOString() ?? '' }))
  return {
    matches,
    scanned: contents.length,
    ...(out.IsTruncated && out.NextContinuationToken ? { nextToken: out.NextContinuationToken } : {}),
  }
}
