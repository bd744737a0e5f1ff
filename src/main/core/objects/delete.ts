// Deletes: one key, many keys (DeleteObjects takes MAX_DELETE_BATCH keys per request and
// answers per key), or everything under a prefix.
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  type ObjectIdentifier,
  type S3Client,
} from '@aws-sdk/client-s3'
import { MAX_DELETE_BATCH } from '../../../shared/s3-limits'
import { toFerryError } from '../../s3/s3-errors'
import { listKeys } from './list'
import { runPool } from '../../s3/pool'
import { retryLoop } from '../../s3/retrying'

export interface DeleteFailure {
  key: string
  /** S3's error code for this key, e.g. AccessDenied. */
  code: string
  message: string
}

export interface DeleteOutcome {
  deleted: number
  errors: DeleteFailure[]
}

export interface DeleteOptions {
  /** Batches in flight at once. */
  concurrency?: number
  signal?: AbortSignal
  onBatch?: (outcome: DeleteOutcome) => void
}

/** Deleting a key that does not exist succeeds, as in S3 itself. */
export async function deleteObject(client: S3Client, bucket: string, key: string): Promise<void> {
  try {
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }))
  } catch (e) {
    throw toFerryError(e, { bucket, key })
  }
}

async function* batches(keys: Iterable<string> | AsyncIterable<string>): AsyncGenerator<string[]> {
  let batch: string[] = []
  for await (const key of keys) {
    batch.push(key)
    if (batch.length === MAX_DELETE_BATCH) {
      yield batch
      batch = []
    }
  }
  if (batch.length > 0) yield batch
}

/**
 * Deletes keys in batches of MAX_DELETE_BATCH. A request that fails as a whole (missing
 * bucket, no permission) throws; keys the server refused one by one are reported.
 */
export async function deleteObjects(
  client: S3Client,
  bucket: string,
  keys: Iterable<string> | AsyncIterable<string>,
  options: DeleteOptions = {},
): Promise<DeleteOutcome> {
  const total: DeleteOutcome = { deleted: 0, errors: [] }
  await runPool(batches(keys), options.concurrency ?? 4, async (batch) => {
    const outcome = await deleteBatch(
      client,
      bucket,
      batch.map((Key) => ({ Key })),
      options.signal,
    )
    total.deleted += outcome.deleted
    total.errors.push(...outcome.errors)
    options.onBatch?.(outcome)
  })
  return total
}

/** One DeleteObjects request (keys, or keys with version ids); refusals per key are reported. */
export async function deleteBatch(
  client: S3Client,
  bucket: string,
  objects: ObjectIdentifier[],
  signal?: AbortSignal,
): Promise<DeleteOutcome> {
  let out
  try {
    out = await retryLoop(
      () =>
        client.send(
          new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }),
          signal ? { abortSignal: signal } : {},
        ),
      { signal },
    )
  } catch (e) {
    throw toFerryError(e, { bucket })
  }
  const errors = (out.Errors ?? []).map((e) => ({
    key: e.VersionId ? `${e.Key ?? ''} (version ${e.VersionId})` : (e.Key ?? ''),
    code: e.Code ?? 'Unknown',
    message: e.Message ?? '',
  }))
  return { deleted: objects.length - errors.length, errors }
}

/** Deletes every object whose key starts with the prefix ("" is the whole bucket). */
export async function deletePrefix(
  client: S3Client,
  bucket: string,
  prefix: string,
  options: DeleteOptions = {},
): Promise<DeleteOutcome> {
  async function* keys() {
    for await (const o of listKeys(client, bucket, prefix, options.signal ? { signal: options.signal } : {}))
      yield o.key
  }
  return deleteObjects(client, bucket, keys(), options)
}
