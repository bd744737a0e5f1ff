// --if-exists fail|overwrite|skip. Conditional writes (If-None-Match: *) close the race
// between checking and writing where the endpoint honours them; elsewhere a HEAD decides.
// Measured on radosgw 16: PutObject honours If-None-Match (412), CompleteMultipartUpload
// ignores it and overwrites, so multipart uploads HEAD before starting (no part is sent for
// nothing) and again just before completing. Other endpoints are probed once (see below).
import { HeadObjectCommand } from '@aws-sdk/client-s3'
import { FerryError } from '../../shared/errors'
import { customerKeyHeaders, customerKeyParams } from '../s3/customer-key'
import { directHeadObject } from '../s3/direct-request'
import { failureFacts } from '../s3/s3-errors'
import { isAwsEndpoint } from '../s3/client-factory'
import { withRetries } from '../s3/retrying'
import { storedChecksumOf, type StoredChecksum } from '../s3/upload-proof'
import type { TransferContext } from './transfer-context'

/** Per endpoint: honours If-None-Match on PutObject (true), ignores it (false), or a probe runs. */
const conditionalPut = new Map<string, boolean | Promise<boolean | undefined>>()

/** True where If-None-Match on PutObject is known to work, so no HEAD is needed before it. */
export function conditionalPutKnown(endpoint: string): boolean {
  return isAwsEndpoint(endpoint) || conditionalPut.get(endpoint) === true
}

/** A 412 answer proves the endpoint honours conditional PUTs. */
export function learnConditionalPut(endpoint: string): void {
  conditionalPut.set(endpoint, true)
}

/** Objects up to this size may serve as the probe below. */
export const PROBE_MAX_BYTES = 1024 * 1024

export const needsConditionalProbe = (endpoint: string): boolean =>
  !isAwsEndpoint(endpoint) && !conditionalPut.has(endpoint)

/**
 * Learns whether an endpoint honours If-None-Match on PutObject without writing anything new:
 * right after one of our own small conditional PUTs succeeded, the same PUT (same bytes, same
 * headers) is sent again. An endpoint that honours the condition answers 412; one that ignores
 * it stores what the key already held. Either way the object is unchanged, and the answer
 * saves a HEAD before every later small file in --if-exists fail or skip (half the requests of
 * a folder of small files). Once per endpoint per engine process.
 */
export async function probeConditionalPut(endpoint: string, resend: () => Promise<void>): Promise<void> {
  if (!needsConditionalProbe(endpoint)) return
  const probe = resend().then(
    () => false,
    (e: unknown) => (e instanceof FerryError && e.code === 'destination-exists' ? true : undefined),
  )
  conditionalPut.set(endpoint, probe)
  const honoured = await probe
  if (honoured === undefined) conditionalPut.delete(endpoint)
  else conditionalPut.set(endpoint, honoured)
}

/** AWS documents If-None-Match on CompleteMultipartUpload (2024); radosgw ignores it. */
export const conditionalCompleteKnown = (endpoint: string): boolean => isAwsEndpoint(endpoint)

export interface ExistingObject {
  etag: string
  size: number
  /** x-amz-tagging-count, when the answer had it. */
  tagCount?: number
  /** The full-object checksum the store keeps, when asked for with `checksums`. */
  checksum?: StoredChecksum | undefined
  /** SSE-KMS or SSE-C, as the store names it: the ETag is then not an MD5 of the bytes. */
  encryption?: string | undefined
}

/** With `checksums`, the HEAD asks for the object's checksum (x-amz-checksum-mode: ENABLED). */
export async function headExisting(
  ctx: TransferContext,
  options: { checksums?: boolean } = {},
): Promise<ExistingObject | undefined> {
  const { bucket, key } = ctx.spec
  // An SSE-C object answers HEAD only with its key (a bare 400 without); other objects ignore it.
  const ssec = ctx.customerKey
  if (!options.checksums) {
    const direct = await directHeadObject(ctx.client, {
      bucket,
      key,
      signal: ctx.signal,
      ...(ssec ? { headers: customerKeyHeaders(ssec) } : {}),
    })
    if (direct.kind === 'found')
      return {
        etag: direct.etag,
        size: direct.size,
        encryption: direct.encryption,
        ...(direct.tagCount ? { tagCount: direct.tagCount } : {}),
      }
    if (direct.kind === 'absent') return undefined
  }
  return withRetries(async (signal) => {
    try {
      const out = await ctx.client.send(
        new HeadObjectCommand({
          Bucket: bucket,
          Key: key,
          ...(ssec ? customerKeyParams(ssec) : {}),
          ...(options.checksums ? { ChecksumMode: 'ENABLED' as const } : {}),
        }),
        { abortSignal: signal },
      )
      const encryption = out.ServerSideEncryption?.startsWith('aws:kms')
        ? out.ServerSideEncryption
        : out.SSECustomerAlgorithm
          ? 'SSE-C'
          : undefined
      return {
        etag: out.ETag ?? '',
        size: out.ContentLength ?? 0,
        checksum: storedChecksumOf(out),
        encryption,
        ...(out.TagCount ? { tagCount: out.TagCount } : {}),
      }
    } catch (e) {
      const facts = failureFacts(e)
      if (facts.status === 404 || facts.code === 'NotFound' || facts.code === 'NoSuchKey') return undefined
      throw e
    }
  }, ctx)
}

export function destinationExists(ctx: TransferContext): FerryError {
  return new FerryError({
    code: 'destination-exists',
    message: `s3://${ctx.spec.bucket}/${ctx.spec.key} already exists`,
    fix: 'Use --if-exists overwrite to replace it or --if-exists skip to keep it, or choose another key.',
  })
}

export const isPreconditionFailed = (e: unknown): boolean => {
  const facts = failureFacts(e)
  return facts.status === 412 || facts.code === 'PreconditionFailed'
}
