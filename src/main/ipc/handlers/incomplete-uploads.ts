import { abortIncompleteUploads, listIncompleteUploads } from '../../core/objects/incomplete-uploads'
import type { Handler } from '../handler-types'

export const listIncomplete: Handler<'uploads:list-incomplete'> = async ({ connectionId, bucket }, core) =>
  (await listIncompleteUploads(core.client(connectionId), bucket)).map(
    ({ key, uploadId, initiated, parts, bytes }) => ({ key, uploadId, initiated, parts, bytes }),
  )

export const abortIncomplete: Handler<'uploads:abort-incomplete'> = async (
  { connectionId, bucket, uploads },
  core,
) => {
  // Only the key and id matter to AbortMultipartUpload; the rest of the listing is not needed.
  const targets = uploads.map((u) => ({ ...u, initiated: '', parts: 0, bytes: 0 }))
  const outcome = await abortIncompleteUploads(core.client(connectionId), bucket, targets)
  return {
    aborted: outcome.aborted.length,
    failed: outcome.failed.map((f) => ({ key: f.upload.key, message: f.error.message })),
  }
}
