// The multipart copies a move or copy set left open on the store: its journal holds each upload
// id from before the first part until the upload is completed or aborted (move-journal.ts), so
// a kill -9 or a power loss mid-copy leaves an id behind, never an unknown upload. They are
// aborted before the set copies anything again (the same command, `ferry resume`), at the end
// of a run for any whose abort failed then, and by `ferry cancel` before the journal goes.
// Aborting is simpler than reusing the parts, and always correct: the object is copied again.
import type { S3Client } from '@aws-sdk/client-s3'
import { FerryError } from '../../../shared/errors'
import type { OpenCopyUpload } from '../../journal/move-journal'
import { toFerryError } from '../../s3/s3-errors'
import { ABORT_RETRY, abortUpload } from '../objects/incomplete-uploads'

/**
 * Aborts each upload on the destination's store, telling `closed` of each one gone; tries them
 * all, then throws what kept one open (the store out of reach...), naming the upload and how to
 * finish: the journal keeps every id not closed.
 */
export async function abortOpenCopies(
  client: S3Client,
  uploads: Iterable<OpenCopyUpload>,
  closed: (upload: OpenCopyUpload) => Promise<void>,
  setId: string,
): Promise<void> {
  let first: { upload: OpenCopyUpload; error: FerryError } | undefined
  let left = 0
  // A copy of the list: `closed` takes each one out of the writer's map.
  for (const upload of [...uploads]) {
    try {
      await abortUpload(client, upload, { policy: ABORT_RETRY })
    } catch (e) {
      left++
      first ??= { upload, error: toFerryError(e, upload) }
      continue
    }
    await closed(upload)
  }
  if (!first) return
  const { upload, error } = first
  const which = left === 1 ? 'the multipart upload' : `${left} multipart uploads, among them the one`
  throw new FerryError(
    {
      code: error.code,
      message: `${which} (${upload.uploadId}) that an interrupted copy left open at s3://${upload.bucket}/${upload.key} could not be aborted: ${error.message}`,
      fix: `${error.fix} Then run the same command again, ferry resume ${setId} or ferry cancel ${setId}: the journal keeps the upload id until the upload is aborted.`,
      retryable: error.retryable,
    },
    { cause: error },
  )
}
