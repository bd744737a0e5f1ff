// --if-exists fail|overwrite|skip. Conditional writes (If-None-Match: *) close the race
// between checking and writing where the endpoint honours them; elsewhere a HEAD decides.
// Measured on radosgw 16: PutObject honours If-None-Match (412), CompleteMultipartUpload
// ignores it and overwrites, so multipart uploads HEAD before starting (no part is sent for
// nothing) and again just before completing.
import { HeadObjectCommand } from '@aws-sdk/client-s3'
import { FerryError } from '../../shared/errors'
import { failureFacts } from '../core/s3/s3-errors'
import { isAwsEndpoint } from '../core/s3/client-factory'
import { withRetries } from './retrying'
import type { TransferContext } from './transfer-context'

const honoursConditionalPut = new Map<string, boolean>()

/** True where If-None-Match on PutObject is known to work, so no HEAD is needed before it. */
export function conditionalPutKnown(endpoint: string): boolean {
  return isAwsEndpoint(endpoint) || honoursConditionalPut.get(endpoint) === true
}

/** A 412 answer proves the endpoint honours conditional PUTs. */
export function learnConditionalPut(endpoint: string): void {
  honoursConditionalPut.set(endpoint, true)
}

/** AWS documents If-None-Match on CompleteMultipartUpload (2024); radosgw ignores it. */
export const conditionalCompleteKnown = (endpoint: string): boolean => isAwsEndpoint(endpoint)

export interface ExistingObject {
  etag: string
  size: number
}

export async function headExisting(ctx: TransferContext): Promise<ExistingObject | undefined> {
  const { bucket, key } = ctx.spec
  return withRetries(async (signal) => {
    try {
      const out = await ctx.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), {
        abortSignal: signal,
      })
      return { etag: out.ETag ?? '', size: out.ContentLength ?? 0 }
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
