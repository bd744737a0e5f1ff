// Deleting a bucket. S3 refuses while anything is left in it; Ferry says what is left, and
// with `empty` first deletes every version and delete marker and aborts every open
// multipart upload (their parts also keep a bucket from being deleted, and cost money).
import { DeleteBucketCommand, type S3Client } from '@aws-sdk/client-s3'
import { FerryError } from '../../../shared/errors'
import { toFerryError } from '../../s3/s3-errors'
import { abortIncompleteUploads, listIncompleteUploads } from '../objects/incomplete-uploads'
import { deleteVersions } from '../versions/delete-versions'
import { listVersions } from '../versions/list-versions'
import { countBucketContents, describeContents } from './bucket-contents'

export interface BucketDeleteOptions {
  /** Delete every version, delete marker and open upload first. */
  empty?: boolean
  signal?: AbortSignal
  onProgress?: (done: { versionsDeleted: number; uploadsAborted: number }) => void
}

export interface BucketDeleteOutcome {
  bucket: string
  versionsDeleted: number
  uploadsAborted: number
}

export async function deleteBucket(
  client: S3Client,
  bucket: string,
  options: BucketDeleteOptions = {},
): Promise<BucketDeleteOutcome> {
  const outcome: BucketDeleteOutcome = { bucket, versionsDeleted: 0, uploadsAborted: 0 }
  const { signal } = options
  if (options.empty) {
    const deleted = await deleteVersions(
      client,
      bucket,
      listVersions(client, bucket, '', signal ? { signal } : {}),
      {
        ...(signal ? { signal } : {}),
        onBatch: (n) => {
          outcome.versionsDeleted += n
          options.onProgress?.({ ...outcome })
        },
      },
    )
    if (deleted.errors.length > 0) {
      const first = deleted.errors[0]!
      throw new FerryError({
        code: 'access-denied',
        message: `bucket "${bucket}" was not deleted: ${deleted.errors.length} versions could not be deleted (first: ${first.key}, ${first.code})`,
        fix: 'Check the credentials allow s3:DeleteObjectVersion (and that no object lock holds them), then run it again.',
      })
    }
    const uploads = await listIncompleteUploads(client, bucket, signal ? { signal } : {})
    const aborted = await abortIncompleteUploads(client, bucket, uploads, {
      ...(signal ? { signal } : {}),
      onAborted: () => {
        outcome.uploadsAborted++
        options.onProgress?.({ ...outcome })
      },
    })
    if (aborted.failed.length > 0)
      throw new FerryError({
        code: 'access-denied',
        message: `bucket "${bucket}" was not deleted: ${aborted.failed.length} multipart uploads could not be aborted (${aborted.failed[0]!.error.message})`,
        fix: 'Check the credentials allow s3:AbortMultipartUpload, then run it again.',
      })
  }
  try {
    await client.send(new DeleteBucketCommand({ Bucket: bucket }), signal ? { abortSignal: signal } : {})
  } catch (e) {
    const error = toFerryError(e, { bucket })
    if (error.code !== 'bucket-not-empty') throw error
    // Say what is left, so the person can judge whether to empty it.
    const contents = await countBucketContents(client, bucket, signal)
    throw new FerryError(
      {
        code: 'bucket-not-empty',
        message: `bucket "${bucket}" is not empty: it holds ${describeContents(contents)}`,
        fix: `Delete them first, or empty the bucket as part of the deletion (ferry rb --force s3://${bucket}; in the app, "Empty and delete").`,
        ...(error.detail !== undefined ? { detail: error.detail } : {}),
      },
      { cause: error },
    )
  }
  return outcome
}
