// Parts of a source without a known length: read front to back into `concurrency` buffers,
// each part uploaded while the next is read, numbered as it arrives. The memory bound is the
// same as sendParts': concurrency x part size. On resume the source is read again from the
// start (nothing else is possible without a length) and a part is reused only when its bytes
// hash to what the journal and the server hold.
import { FerryError } from '../../../shared/errors'
import { MAX_PARTS } from '../../../shared/s3-limits'
import { md5, normalizeEtag } from '../../s3/digests'
import { crc32Of } from '../../s3/full-object-checksum'
import type { PartOutcome, PartsToSend } from '../multipart-upload'
import { uploadPart } from '../part-upload'
import { runPool } from '../../s3/pool'
import { throwIfStopped } from '../../s3/stop-signal'
import { SiblingParts } from '../sibling-parts'
import type { TransferContext } from '../transfer-context'
import type { SequentialReader } from './sequential-reader'

export interface UnsizedArgs extends PartsToSend {
  reader: SequentialReader
  partSize: number
  concurrency: number
}

export async function sendUnsized(ctx: TransferContext, args: UnsizedArgs): Promise<PartOutcome[]> {
  const siblings = new SiblingParts(ctx)
  const results: PartOutcome[] = []
  // A buffer per part being read or sent, passed on to the next part: the pool's `concurrency`
  // workers each hold at most one, so a free one is always there when a worker asks for a part.
  const free: Buffer[] = []

  const send = async (partNumber: number, bytes: Buffer): Promise<PartOutcome> => {
    const digest = md5(bytes)
    const crc32 = args.checksum === undefined ? undefined : crc32Of(bytes)
    const hex = digest.toString('hex')
    const known = args.journaled.get(partNumber)
    const held = args.server.get(partNumber)
    const size = bytes.length
    if (known?.md5 === hex && held && normalizeEtag(held.etag) === hex && held.size === size) {
      args.progress.partDone(size, true)
      return { partNumber, etag: held.etag, md5: digest, size, crc32, reused: true }
    }
    const etag = await uploadPart(siblings.ctx, {
      uploadId: args.uploadId,
      partNumber,
      body: bytes,
      digest,
      crc32,
      journal: args.journal,
      progress: args.progress,
    })
    return { partNumber, etag, md5: digest, size, crc32, reused: false }
  }

  // Parts are numbered in the order they are read: reading stays one at a time (the pool
  // serializes its pulls) while up to `concurrency` parts are sent.
  async function* parts(): AsyncGenerator<{ partNumber: number; bytes: Buffer; buffer: Buffer }> {
    for (let partNumber = 1; ; partNumber++) {
      const buffer = free.pop() ?? Buffer.allocUnsafeSlow(args.partSize)
      if (siblings.failed || siblings.signal.aborted) return
      if (partNumber > MAX_PARTS) {
        throw new FerryError({
          code: 'bad-setting',
          message: `the source is larger than ${MAX_PARTS} parts of ${args.partSize} bytes`,
          fix: 'Stream it again with a larger --part-size (S3 allows at most 10,000 parts).',
        })
      }
      const bytes = await args.reader.readNext(buffer)
      throwIfStopped(ctx.signal)
      // An empty part only when the whole source is empty: S3 needs one part to complete.
      if (bytes.length === 0 && partNumber > 1) {
        free.push(buffer)
        return
      }
      yield { partNumber, bytes, buffer }
      if (bytes.length < args.partSize) return
    }
  }

  try {
    await runPool(parts(), args.concurrency, async ({ partNumber, bytes, buffer }) => {
      try {
        results[partNumber - 1] = await send(partNumber, bytes)
      } catch (e) {
        siblings.fail(e)
      } finally {
        free.push(buffer)
      }
    })
  } finally {
    siblings.detach()
  }
  siblings.throwIfFailed()
  return results
}
