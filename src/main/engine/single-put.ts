// Files below the multipart threshold go in one PutObject: one request, one buffer of the
// file's size (at most the threshold, which is capped at concurrency x part size).
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { FerryError } from '../../shared/errors'
import { directPutObject } from '../s3/direct-request'
import { md5, normalizeEtag } from '../s3/digests'
import { checksumSupport, checksumToAsk, learnChecksumSupport } from '../s3/checksum-support'
import { crc32Of, crcToBase64 } from '../s3/full-object-checksum'
import { proveUpload } from '../s3/upload-proof'
import { skippedResult, type FlowResult } from './flow-result'
import {
  conditionalPutKnown,
  destinationExists,
  headExisting,
  learnConditionalPut,
  needsConditionalProbe,
  PROBE_MAX_BYTES,
  probeConditionalPut,
} from './overwrite'
import { PartReader } from '../s3/part-reader'
import type { ProgressTracker } from './progress'
import { takeUploadBandwidth } from './bandwidth'
import { withRetries } from '../s3/retrying'
import { BLOCKING_READ_MAX_BYTES, readSmallSource, type SourceStat } from '../s3/source-file'
import { throwIfStopped } from '../s3/stop-signal'
import type { TransferContext } from './transfer-context'
import type { ObjectParams } from '../s3/upload-params'
import { compareEtag, type Comparison } from '../s3/verify'
import { compareWithMd5, verificationOf, type EqualVerdict } from '../s3/object-equals-file'

export interface SinglePutArgs {
  stat: SourceStat
  params: ObjectParams
  progress: ProgressTracker
  /**
   * Whether an earlier run may have stored the file already, so that an object equal to it
   * is this transfer's own: 'sent' when the journal records the PUT as started (the object is
   * looked for first), 'queued' when the journal was still queued (a single PUT writes its
   * header only with its final record), 'no' for a first run.
   */
  resumed: 'no' | 'queued' | 'sent'
}

export async function singlePut(ctx: TransferContext, args: SinglePutArgs): Promise<FlowResult> {
  const { spec, client, signal } = ctx
  const { size } = args.stat
  const bytes =
    size <= BLOCKING_READ_MAX_BYTES ? readSmallSource(spec.source, size) : await readWhole(spec.source, size)
  throwIfStopped(signal)
  const digest = md5(bytes)
  const hex = digest.toString('hex')
  // Sent until the endpoint is known to ignore it: a store that keeps checksums checks the
  // bytes against it and echoes it, and HEAD later reads it back where the ETag proves nothing.
  // Not computed for a store known to keep none (its CPU is spent for nothing there).
  const ask = checksumToAsk(spec.connection.endpoint)
  const crc32 = ask ? crc32Of(bytes) : undefined
  const checksumCrc32 = crc32 === undefined ? undefined : crcToBase64('CRC32', BigInt(crc32))
  const guarded = spec.ifExists !== 'overwrite'

  const mayBeOurs = args.resumed !== 'no'
  if (guarded && (args.resumed === 'sent' || !conditionalPutKnown(spec.connection.endpoint))) {
    const existing = await headExisting(ctx)
    throwIfStopped(signal)
    if (existing) {
      const same = compareWithMd5(existing, size, hex)
      // After a crash between our PUT and its journal record, the object is ours: done.
      if (mayBeOurs && same.kind === 'equal') return finished(args, same.object.etag, ours(same), true)
      if (spec.ifExists === 'skip') return skippedResult(size, normalizeEtag(existing.etag))
      throw destinationExists(ctx)
    }
  }

  await takeUploadBandwidth(size, spec.tuning.maxBytesPerSecond, signal, spec)
  ctx.events.state('uploading')
  const put = (abortSignal: AbortSignal) =>
    client.send(
      new PutObjectCommand({
        Bucket: spec.bucket,
        Key: spec.key,
        Body: bytes,
        ContentLength: size,
        ContentMD5: digest.toString('base64'),
        ...(checksumCrc32 ? { ChecksumCRC32: checksumCrc32 } : {}),
        ...args.params,
        ...(guarded ? { IfNoneMatch: '*' } : {}),
      }),
      { abortSignal },
    )
  const sendDirect = () =>
    directPutObject(client, {
      bucket: spec.bucket,
      key: spec.key,
      body: bytes,
      contentMd5: digest.toString('base64'),
      ...(checksumCrc32 ? { checksumCrc32 } : {}),
      params: args.params,
      ifNoneMatch: guarded,
      signal,
    })
  const direct = await sendDirect()
  throwIfStopped(signal)
  // A declined direct PUT is sent again through the SDK, whose answer (an error, a redirect,
  // a retry) is the one that counts; a connection lost mid-way counts as a first attempt.
  let retried = direct.kind === 'declined' && direct.maybeStored
  let etag: string | undefined
  let echoed: string | undefined
  try {
    if (direct.kind === 'stored') ({ etag, checksumCrc32: echoed } = direct)
    else {
      const out = await withRetries(put, {
        ...ctx,
        onRetry: (info) => {
          retried = true
          ctx.onRetry(info)
        },
      })
      etag = out.ETag
      echoed = out.ChecksumCRC32
    }
  } catch (e) {
    if (!(e instanceof FerryError) || e.code !== 'destination-exists') throw e
    learnConditionalPut(spec.connection.endpoint)
    const existing = await headExisting(ctx)
    if (existing && (retried || mayBeOurs)) {
      // The first attempt (of this run or of an earlier one) landed but its answer was lost;
      // this one then met our own object.
      const same = compareWithMd5(existing, size, hex)
      if (same.kind === 'equal') return finished(args, same.object.etag, ours(same), !retried)
    }
    if (spec.ifExists === 'skip') return skippedResult(size, normalizeEtag(existing?.etag))
    throw e
  }
  throwIfStopped(signal)
  if (
    guarded &&
    args.resumed !== 'sent' &&
    size <= PROBE_MAX_BYTES &&
    needsConditionalProbe(spec.connection.endpoint)
  ) {
    // Sent directly first: the SDK's first request of a process costs about 0.1 s of CPU (its
    // middleware, retry strategy and error parsing), and on a store that honours the condition
    // the probe is the only request of a folder of small files that would need it.
    await probeConditionalPut(spec.connection.endpoint, async () => {
      const again = await sendDirect()
      if (again.kind === 'stored') return
      if (again.kind === 'declined' && again.status === PRECONDITION_FAILED) throw destinationExists(ctx)
      await withRetries(put, ctx)
    })
  }

  if (ask) learnChecksumSupport(spec.connection.endpoint, echoed !== undefined)
  let comparison = etag ? compareEtag(etag, size, hex, size) : undefined
  if (!comparison || !comparison.verification.verified) {
    // No ETag in the answer (or an opaque one): ask for the stored object's, and its checksum
    // where the store keeps them.
    const kept = checksumSupport(spec.connection.endpoint) === true
    const stored = await headExisting(ctx, { checksums: kept })
    if (stored) {
      etag = stored.etag
      const crc =
        kept && crc32 !== undefined ? { algorithm: 'CRC32' as const, value: BigInt(crc32) } : undefined
      comparison = proveUpload(stored, { etag: hex, size, crc })
    }
  }
  if (!comparison)
    comparison = {
      mismatch: false,
      verification: { verified: false, method: 'parts', reason: 'the server returned no ETag' },
    }
  return finished(args, normalizeEtag(etag), comparison, false)
}

/** HTTP 412: the store refused a PUT whose If-None-Match: * found the key taken. */
const PRECONDITION_FAILED = 412

async function readWhole(path: string, size: number): Promise<Buffer> {
  const reader = await PartReader.open(path)
  try {
    return await reader.read(Buffer.allocUnsafeSlow(size), 0, size)
  } finally {
    await reader.close()
  }
}

/** An object equal to the file, stored by an earlier attempt: the upload's own. */
const ours = (verdict: EqualVerdict): Comparison => ({
  verification: verificationOf(verdict),
  mismatch: false,
})

function finished(args: SinglePutArgs, etag: string, comparison: Comparison, reused: boolean): FlowResult {
  args.progress.partDone(args.stat.size, reused)
  return {
    size: args.stat.size,
    etag,
    verification: comparison.verification,
    mismatch: comparison.mismatch,
    partsUploaded: reused ? 0 : 1,
    partsReused: reused ? 1 : 0,
    skipped: false,
  }
}
