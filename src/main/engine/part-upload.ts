// Sends one part with Content-MD5 and checks the ETag the server answers with, then journals
// it. Shared by file uploads (sendParts) and streamed sources of unknown size, which number
// their parts as the bytes arrive.
import { UploadPartCommand } from '@aws-sdk/client-s3'
import { FerryError } from '../../shared/errors'
import { directUploadPart } from '../core/s3/direct-request'
import { takeBandwidth } from './bandwidth'
import { etagShape, normalizeEtag } from './digests'
import type { JournalWriter } from './journal-writer'
import type { ProgressTracker } from './progress'
import { withRetries } from './retrying'
import { throwIfStopped } from './stop-signal'
import type { TransferContext } from './transfer-context'

export interface PartUpload {
  uploadId: string
  partNumber: number
  bytes: Buffer
  /** MD5 of `bytes`, computed by the caller as it read them. */
  digest: Buffer
  journal: JournalWriter
  progress: ProgressTracker
}

/** Returns the ETag as the server gave it (quoted), for CompleteMultipartUpload. */
export async function uploadPart(ctx: TransferContext, part: PartUpload): Promise<string> {
  const { spec, client } = ctx
  const { partNumber, bytes, digest } = part
  const hex = digest.toString('hex')
  await takeBandwidth(bytes.length, spec.tuning.maxBytesPerSecond, ctx.signal)
  const contentMd5 = digest.toString('base64')
  const direct = await directUploadPart(client, spec.connection, {
    bucket: spec.bucket,
    key: spec.key,
    uploadId: part.uploadId,
    partNumber,
    body: bytes,
    contentMd5,
    signal: ctx.signal,
  })
  throwIfStopped(ctx.signal)
  // Declined (an error answer, a lost connection): the SDK sends it again, with Ferry's retries.
  const out =
    direct.kind === 'stored'
      ? { ETag: direct.etag }
      : await withRetries(
          (abortSignal) =>
            client.send(
              new UploadPartCommand({
                Bucket: spec.bucket,
                Key: spec.key,
                UploadId: part.uploadId,
                PartNumber: partNumber,
                Body: bytes,
                ContentLength: bytes.length,
                ContentMD5: contentMd5,
              }),
              { abortSignal },
            ),
          ctx,
        )
  const etag = out.ETag ?? ''
  const shape = etagShape(etag)
  if (shape.kind === 'md5' && shape.hex !== hex) {
    throw new FerryError({
      code: 'integrity',
      message: `the server stored part ${partNumber} of s3://${spec.bucket}/${spec.key} with MD5 ${shape.hex}, not ${hex}`,
      fix: 'Resume the transfer: the part is sent again.',
      retryable: true,
    })
  }
  await part.journal.append({
    t: 'part',
    n: partNumber,
    etag: normalizeEtag(etag),
    md5: hex,
    size: bytes.length,
  })
  part.progress.partDone(bytes.length, false)
  // A part went through: any 'waiting-network' state is over.
  ctx.events.state('uploading')
  return etag
}
