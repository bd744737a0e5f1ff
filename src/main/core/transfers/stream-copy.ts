// Copies to another connection (another endpoint or account), where no server-side copy can
// reach: each object is streamed through Ferry as a URL stream (engine/stream) from a
// presigned GET of the source. Ranges are fetched and parts uploaded as they arrive, with no
// temporary file and memory bounded by concurrency x part size; every range asks If-Range on
// the source's ETag, so two versions are never stitched; the upload's ETag is checked against
// the parts' MD5s, and a source whose ETag is an MD5 is checked whole against the bytes
// streamed. A copy that does not finish is cancelled, which aborts its multipart upload.
import type { S3Client } from '@aws-sdk/client-s3'
import type { UploadHeaders } from '../../../shared/domain/transfer'
import type { EngineConnection } from '../../../shared/engine-protocol'
import { FerryError } from '../../../shared/errors'
import { sourceChangedError } from '../../s3/copy-guard'
import { parseEtag } from '../../s3/etag-shape'
import { headObject, stripQuotes, type ObjectHead } from '../../s3/head'
import { readTags, writeTags } from '../objects/copy-tags'
import { presignGet } from '../objects/presign'
import type { ObjectCopier } from './move-object'
import type { TransferManager } from './transfer-manager'

/** Long enough for a large object on a slow link; a resume signs again. */
const LINK_SECONDS = 12 * 60 * 60

export interface StreamCopyDeps {
  manager: Pick<TransferManager, 'stream' | 'waitFor' | 'cancel'>
  from: S3Client
  to: S3Client
  /** The destination's connection: another one, or (an encrypted object in one store) the same by id. */
  destination: { connection: EngineConnection } | { connectionId: string }
  tuning: { partSize?: number; concurrency?: number }
  /** Within one store: the copy is encrypted as the source is (a key id means nothing elsewhere). */
  keepEncryption?: boolean
  /** Stops the streams under way: each is cancelled, so its multipart upload is aborted. */
  signal?: AbortSignal
}

/** The headers that go with the bytes; a storage class is the source store's own, so it stays behind. */
function headersOf(head: ObjectHead, keepEncryption: boolean): UploadHeaders {
  const sse = head.serverSideEncryption
  return {
    metadata: head.metadata,
    ...(head.contentType ? { contentType: head.contentType } : {}),
    ...(head.cacheControl ? { cacheControl: head.cacheControl } : {}),
    ...(head.contentDisposition ? { contentDisposition: head.contentDisposition } : {}),
    ...(keepEncryption && sse === 'AES256' ? { encryption: { kind: 'sse-s3' } } : {}),
    ...(keepEncryption && sse === 'aws:kms'
      ? { encryption: { kind: 'sse-kms', ...(head.sseKmsKeyId ? { keyId: head.sseKmsKeyId } : {}) } }
      : {}),
  }
}

export function streamCopier(deps: StreamCopyDeps): ObjectCopier {
  return async (source, ifMatch, target, log) => {
    const head = await headObject(deps.from, source.bucket, source.key, { takesNoKey: true })
    if (stripQuotes(head.etag) !== stripQuotes(ifMatch)) throw sourceChangedError(source, ifMatch)
    const tags = await readTags(deps.from, source)
    const link = await presignGet(deps.from, source.bucket, source.key, { expiresInSeconds: LINK_SECONDS })
    const shape = parseEtag(head.etag, head.serverSideEncryption)
    const started = deps.manager.stream({
      ...deps.destination,
      url: link.url,
      bucket: target.bucket,
      key: target.key,
      headers: headersOf(head, deps.keepEncryption === true),
      // The set has applied --if-exists already.
      ifExists: 'overwrite',
      ...(shape.kind === 'md5' ? { sourceMd5: shape.md5 } : {}),
      ...deps.tuning,
    })
    await log?.streamStarted(started.id)
    const stop = () => {
      try {
        deps.manager.cancel(started.id)
      } catch {
        // Settled meanwhile: nothing left to stop.
      }
    }
    deps.signal?.addEventListener('abort', stop, { once: true })
    if (deps.signal?.aborted) stop()
    const result = await deps.manager
      .waitFor(started.id)
      .finally(() => deps.signal?.removeEventListener('abort', stop))
    const outcome = result.outcome
    if (result.summary.state !== 'done' || !outcome) {
      // Paused, failed or cut short: no multipart upload may stay open on the destination.
      try {
        deps.manager.cancel(started.id)
        const after = await deps.manager.waitFor(started.id)
        // A cancel that could not abort (the store out of reach) keeps the transfer for later.
        if (after.summary.state === 'cancelled') await log?.streamSettled(started.id)
      } catch {
        // Already settled for good; its upload was aborted with it.
      }
      throw result.summary.error
        ? FerryError.fromValue(result.summary.error)
        : new FerryError({
            code: 'paused',
            message: `the copy of s3://${source.bucket}/${source.key} was stopped`,
            fix: 'Run the same command again to finish it.',
          })
    }
    await log?.streamSettled(started.id)
    await writeTags(deps.to, target, tags)
    const v = outcome.verification
    const whole = outcome.sourceCheck?.compared === true && outcome.sourceCheck.match
    const sized = outcome.bytes === head.size
    if (v.verified && sized)
      return {
        etag: outcome.etag,
        proof: {
          ok: true,
          how: `streamed through Ferry; ${whole ? "the bytes' MD5 equals the source's ETag and " : ''}the copy's ETag matches the parts sent`,
        },
      }
    return {
      etag: outcome.etag,
      proof: {
        ok: false,
        reason: !sized ? `${outcome.bytes} bytes arrived of ${head.size}` : v.verified ? 'unknown' : v.reason,
      },
    }
  }
}
