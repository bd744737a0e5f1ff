// Completing a multipart upload: the source checked unchanged, the part list sent (with the
// whole object's CRC32 where the upload keeps one, which the store checks against the parts it
// holds), then the stored object read back and proven (upload-proof.ts).
import { CompleteMultipartUploadCommand } from '@aws-sdk/client-s3'
import { FerryError } from '../../shared/errors'
import { multipartEtag, normalizeEtag } from '../s3/digests'
import { crcToBase64, type UploadChecksum } from '../s3/full-object-checksum'
import { failureFacts } from '../s3/s3-errors'
import { withRetries } from '../s3/retrying'
import { sameSource, sourceChanged, statSource, type SourceStat } from '../s3/source-file'
import { throwIfStopped } from '../s3/stop-signal'
import { proveUpload } from '../s3/upload-proof'
import type { Comparison } from '../s3/verify'
import { abortMultipart, type PartOutcome, type PartsPlan } from './multipart-upload'
import { customerKeyParams } from '../s3/customer-key'
import { tagIfUntagged } from './object-tags'
import { conditionalCompleteKnown, headExisting } from './overwrite'
import { completedParts, partsDamaged, wholeCrcOfParts } from './part-checksums'
import type { TransferContext } from './transfer-context'

export interface CompleteArgs {
  plan: PartsPlan
  uploadId: string
  parts: PartOutcome[]
  stat: SourceStat
  /** Throws when the source changed since the parts were read; by default the file is stat'ed. */
  checkSource?: () => Promise<void>
  /** The full-object checksum the upload was created with. */
  checksum: UploadChecksum | undefined
}

export type CompleteResult =
  { kind: 'completed'; etag: string; comparison: Comparison } | { kind: 'exists'; etag: string }

export async function completeMultipart(ctx: TransferContext, args: CompleteArgs): Promise<CompleteResult> {
  const { spec, client } = ctx
  const guarded = spec.ifExists !== 'overwrite'
  const expected = multipartEtag(args.parts.map((p) => p.md5))
  const crc = args.checksum ? wholeCrcOfParts(args.parts) : undefined

  if (guarded && !conditionalCompleteKnown(spec.connection.endpoint)) {
    const existing = await headExisting(ctx)
    if (existing) return { kind: 'exists', etag: normalizeEtag(existing.etag) }
  }
  // Parts read at different times only form the file if it did not change in between.
  if (args.checkSource) await args.checkSource()
  else {
    const now = await statSource(spec.source)
    if (!sameSource(now, args.stat))
      throw sourceChanged(spec.source, 'its size or modification time differs from when the upload began')
  }
  throwIfStopped(ctx.signal)

  let retried = false
  try {
    // No abort signal: a Complete cut off mid-way leaves the outcome unknown; it is quick.
    await withRetries(
      () =>
        client
          .send(
            new CompleteMultipartUploadCommand({
              Bucket: spec.bucket,
              Key: spec.key,
              UploadId: args.uploadId,
              MultipartUpload: { Parts: completedParts(args.parts, crc !== undefined) },
              // The store checks the whole object's CRC against the bytes it holds: BadDigest if not.
              ...(crc !== undefined
                ? { ChecksumCRC32: crcToBase64('CRC32', crc), ChecksumType: 'FULL_OBJECT' }
                : {}),
              // AWS wants an SSE-C upload's key again at Complete when it was created with a checksum.
              ...(crc !== undefined && ctx.customerKey ? customerKeyParams(ctx.customerKey) : {}),
              ...(guarded ? { IfNoneMatch: '*' } : {}),
            }),
          )
          .catch((e: unknown) => {
            // The parts the store holds do not give the file's CRCs (the whole object's: BadDigest;
            // a part's: InvalidPart): sending the list again cannot help.
            const code = failureFacts(e).code
            if (crc !== undefined && (code === 'BadDigest' || code === 'InvalidPart'))
              throw partsDamaged(ctx, crc, code)
            throw e
          }),
      {
        ...ctx,
        signal: new AbortController().signal,
        onRetry: (info) => {
          retried = true
          ctx.onRetry(info)
        },
      },
    )
  } catch (e) {
    const code = e instanceof FerryError ? e.code : undefined
    if (code === 'destination-exists') return { kind: 'exists', etag: '' }
    if (code === 'integrity') {
      // Its parts are proven wrong: nothing to resume from. A resume finds it gone and starts over.
      await abortMultipart(client, {
        ...ctx.where,
        bucket: spec.bucket,
        key: spec.key,
        uploadId: args.uploadId,
      })
      throw e
    }
    // A retried Complete whose first attempt succeeded finds the upload gone: check the object.
    if (!(retried && (code === 'upload-missing' || code === 'object-missing' || code === 'not-found')))
      throw e
  }

  // radosgw answers Complete with an empty ETag; HEAD has the real one.
  ctx.events.state('verifying')
  const stored = await headExisting(ctx, { checksums: args.checksum !== undefined })
  if (!stored) {
    throw new FerryError({
      code: 'server-error',
      message: `s3://${spec.bucket}/${spec.key} is missing right after its upload completed`,
      fix: 'Resume the transfer; if this repeats, check the bucket for lifecycle rules that delete new objects.',
      retryable: true,
    })
  }
  await tagIfUntagged(ctx, stored)
  return {
    kind: 'completed',
    etag: normalizeEtag(stored.etag),
    comparison: proveUpload(stored, {
      etag: expected,
      size: args.plan.size,
      crc: crc === undefined ? undefined : { algorithm: 'CRC32', value: crc },
    }),
  }
}
