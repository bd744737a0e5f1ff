// A job run again after a crash may meet the object its first run stored (the PUT landed,
// the daemon died before recording it). With --if-exists fail that is not a conflict: an
// object equal to the file is this job's, and the job is done.
import { stat } from 'node:fs/promises'
import type { S3Client } from '@aws-sdk/client-s3'
import type { Verification } from '../../shared/domain/transfer'
import { objectEqualsFile, verificationOf } from '../s3/object-equals-file'

export async function storedObjectIsFile(
  client: S3Client,
  where: { bucket: string; key: string; source: string },
  partSizeHints: readonly number[],
): Promise<{ etag: string; bytes: number; verification: Verification } | undefined> {
  const size = (await stat(where.source)).size
  const verdict = await objectEqualsFile(
    client,
    where,
    { path: where.source, size },
    { partSizeHints: async () => partSizeHints },
  )
  return verdict.kind === 'equal'
    ? { etag: verdict.object.etag, bytes: size, verification: verificationOf(verdict) }
    : undefined
}
