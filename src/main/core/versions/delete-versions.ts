// Deleting versions by id: each is gone for good (no delete marker is written). Batches of
// MAX_DELETE_BATCH per DeleteObjects request, as for plain keys.
import { DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { MAX_DELETE_BATCH } from '../../../shared/s3-limits'
import type { ObjectVersion } from '../../../shared/domain/versions'
import { toFerryError } from '../../s3/s3-errors'
import { deleteBatch, type DeleteFailure } from '../objects/delete'
import { versionMissingError } from '../../s3/bucket-object-errors'
import { listVersions } from './list-versions'

type VersionRef = Pick<ObjectVersion, 'key' | 'versionId'>

/** The version or delete marker with this id, found by listing the key's versions. */
export async function findVersion(
  client: S3Client,
  bucket: string,
  key: string,
  versionId: string,
): Promise<ObjectVersion | undefined> {
  for await (const v of listVersions(client, bucket, key)) {
    // Listed by prefix: keys after this one begin with it and come later in S3's order.
    if (v.key > key) break
    if (v.key === key && v.versionId === versionId) return v
  }
  return undefined
}

/**
 * Deletes one version (or delete marker) for good. S3 answers success for an id the object
 * does not have, and HEAD cannot see delete markers (405 on AWS, 404 on radosgw), so the
 * version is looked up in the listing first: a mistyped id is an error, not a silent no-op.
 */
export async function deleteVersion(
  client: S3Client,
  bucket: string,
  key: string,
  versionId: string,
): Promise<ObjectVersion> {
  const ctx = { bucket, key, versionId }
  const version = await findVersion(client, bucket, key, versionId)
  if (!version) throw versionMissingError(ctx)
  try {
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }))
  } catch (e) {
    throw toFerryError(e, ctx)
  }
  return version
}

export async function deleteVersions(
  client: S3Client,
  bucket: string,
  versions: AsyncIterable<VersionRef> | Iterable<VersionRef>,
  options: { signal?: AbortSignal; onBatch?: (deleted: number) => void } = {},
): Promise<{ deleted: number; errors: DeleteFailure[] }> {
  const total = { deleted: 0, errors: [] as DeleteFailure[] }
  const send = async (batch: VersionRef[]) => {
    const outcome = await deleteBatch(
      client,
      bucket,
      batch.map((v) => ({ Key: v.key, VersionId: v.versionId })),
      options.signal,
    )
    total.deleted += outcome.deleted
    total.errors.push(...outcome.errors)
    options.onBatch?.(outcome.deleted)
  }
  // Sequential batches: a listing that pages by key marker must not race its own deletions.
  let batch: VersionRef[] = []
  for await (const v of versions) {
    batch.push(v)
    if (batch.length === MAX_DELETE_BATCH) {
      await send(batch)
      batch = []
    }
  }
  if (batch.length > 0) await send(batch)
  return total
}
