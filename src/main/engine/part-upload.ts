// Sends one part with Content-MD5 and checks the ETag the server answers with, then journals
// it. Shared by file uploads (sendParts) and streamed sources of unknown size, which number
// their parts as the bytes arrive.
import { UploadPartCommand } from '@aws-sdk/client-s3'
import { FerryError } from '../../shared/errors'
import { customerKeyHeaders, customerKeyParams } from '../s3/customer-key'
import { directUploadPart, type StreamedBody } from '../s3/direct-request'
import { takeUploadBandwidth } from './bandwidth'
import { etagShape, normalizeEtag } from '../s3/digests'
import { crcToBase64 } from '../s3/full-object-checksum'
import type { JournalWriter } from '../journal/journal-writer'
import type { ProgressTracker } from './progress'
import { withRetries } from '../s3/retrying'
import { throwIfStopped } from '../s3/stop-signal'
import type { TransferContext } from './transfer-context'

/**
 * A part's bytes: in memory (a streamed source's), or a range of the file that is read again as
 * it is sent, with `whole()` for the SDK path, which wants them in memory.
 */
export type PartBody = Buffer | (StreamedBody & { whole(): Promise<Buffer> })

export interface PartUpload {
  uploadId: string
  partNumber: number
  body: PartBody
  /** MD5 of the body, computed by the caller as it read it: the server checks the bytes against it. */
  digest: Buffer
  /** CRC32 of the body, computed in the same pass, for an upload that keeps a CRC32: sent with it. */
  crc32: number | undefined
  journal: JournalWriter
  progress: ProgressTracker
}

/** Returns the ETag as the server gave it (quoted), for CompleteMultipartUpload. */
export async function uploadPart(ctx: TransferContext, part: PartUpload): Promise<string> {
  const { spec, client } = ctx
  const { partNumber, body, digest } = part
  const hex = digest.toString('hex')
  // The parts of one file take one turn on the upload link: the flow is the transfer's spec,
  // which every copy of its context (one per set of sibling parts) shares.
  await takeUploadBandwidth(body.length, spec.tuning.maxBytesPerSecond, ctx.signal, spec)
  const contentMd5 = digest.toString('base64')
  const crc = part.crc32 === undefined ? undefined : crcToBase64('CRC32', BigInt(part.crc32))
  const direct = await directUploadPart(client, {
    bucket: spec.bucket,
    key: spec.key,
    uploadId: part.uploadId,
    partNumber,
    body,
    contentMd5,
    ...(crc ? { checksumCrc32: crc } : {}),
    signal: ctx.signal,
    ...(ctx.customerKey ? { headers: customerKeyHeaders(ctx.customerKey) } : {}),
  })
  throwIfStopped(ctx.signal)
  // Declined (an error answer, a lost connection): the SDK sends it again, with Ferry's retries,
  // from memory (a file range is read whole for it: only on this rare path).
  const etag = direct.kind === 'stored' ? (direct.etag ?? '') : await sdkUploadPart(ctx, part)
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
    size: body.length,
    ...(crc ? { crc } : {}),
  })
  part.progress.partDone(body.length, false)
  // A part went through: any 'waiting-network' state is over.
  ctx.events.state('uploading')
  return etag
}

async function sdkUploadPart(ctx: TransferContext, part: PartUpload): Promise<string> {
  const { spec, client } = ctx
  const bytes = Buffer.isBuffer(part.body) ? part.body : await part.body.whole()
  const out = await withRetries(
    (abortSignal) =>
      client.send(
        new UploadPartCommand({
          Bucket: spec.bucket,
          Key: spec.key,
          UploadId: part.uploadId,
          PartNumber: part.partNumber,
          Body: bytes,
          ContentLength: bytes.length,
          ContentMD5: part.digest.toString('base64'),
          ...(ctx.customerKey ? customerKeyParams(ctx.customerKey) : {}),
          ...(part.crc32 === undefined ? {} : { ChecksumCRC32: crcToBase64('CRC32', BigInt(part.crc32)) }),
        }),
        { abortSignal },
      ),
    ctx,
  )
  return out.ETag ?? ''
}
