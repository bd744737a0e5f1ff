// A job run again after a crash may meet the object its first run stored (the PUT landed,
// the daemon died before recording it). With --if-exists fail that is not a conflict: an
// object whose ETag is the file's own is this job's, and the job is done.
import { stat } from 'node:fs/promises'
import { NotFound, type S3Client } from '@aws-sdk/client-s3'
import { etagShape } from '../s3/digests'
import { compareEtag, headForVerify, localEtag, partSizeCandidates } from '../s3/verify'

/** Tries a few part sizes at most: each costs a read of the file. */
const MAX_CANDIDATES = 4

export async function storedObjectIsFile(
  client: S3Client,
  where: { bucket: string; key: string; source: string },
  partSizeHints: readonly number[],
): Promise<{ etag: string; bytes: number } | undefined> {
  let facts
  try {
    facts = await headForVerify(client, where.bucket, where.key)
  } catch (e) {
    if (
      e instanceof NotFound ||
      (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404
    )
      return undefined
    throw e
  }
  const size = (await stat(where.source)).size
  if (facts.size !== size) return undefined
  const shape = etagShape(facts.etag)
  if (shape.kind === 'opaque') return undefined
  const partSizes =
    shape.kind === 'md5'
      ? [undefined]
      : partSizeCandidates(size, shape.partCount, [
          ...(facts.firstPartSize ? [facts.firstPartSize] : []),
          ...partSizeHints,
        ]).slice(0, MAX_CANDIDATES)
  for (const partSize of partSizes) {
    const expected = await localEtag(where.source, size, partSize)
    if (compareEtag(facts.etag, facts.size, expected, size).verification.verified)
      return { etag: facts.etag, bytes: size }
  }
  return undefined
}
