// Server-side copies that only happen if the source is still the version that was read.
import type { CopyObjectCommand, S3Client, UploadPartCopyCommand } from '@aws-sdk/client-s3'
import { FerryError } from '../../shared/errors'
import { isAwsEndpoint } from './client-factory'
import { failureFacts, toFerryError, type S3ErrorContext } from './s3-errors'

/** x-amz-copy-source wants the key URL-encoded; slashes stay, as S3's examples write them. */
export function copySource(bucket: string, key: string, versionId?: string): string {
  const version = versionId !== undefined ? `?versionId=${encodeURIComponent(versionId)}` : ''
  return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}${version}`
}

export const quotedEtag = (etag: string): string => `"${etag.replaceAll('"', '')}"`

/**
 * radosgw reads the CopyObject condition from x-amz-copy-if-match, not from S3's
 * x-amz-copy-source-if-match, and silently copies when only the latter is sent (measured on
 * Ceph 16; see RGWCopyObj_ObjStore_S3::get_params). Non-AWS endpoints get both headers, AWS
 * only its own. radosgw 16 checks neither on UploadPartCopy: multipart copies re-check the
 * source's ETag before completing instead.
 */
export function guardCopy<T extends CopyObjectCommand | UploadPartCopyCommand>(
  command: T,
  etag: string,
  customEndpoint: boolean,
): T {
  if (!customEndpoint) return command
  ;(command as CopyObjectCommand).middlewareStack.add(
    (next) => (args) => {
      const request = args.request as { headers?: Record<string, string> }
      if (request.headers) request.headers['x-amz-copy-if-match'] = quotedEtag(etag)
      return next(args)
    },
    { step: 'build', name: 'ferryRgwCopyIfMatch' },
  )
  return command
}

export async function isCustomEndpoint(client: S3Client): Promise<boolean> {
  const provider = client.config.endpoint
  if (!provider) return false
  const endpoint = await provider()
  return !isAwsEndpoint(`${endpoint.protocol}//${endpoint.hostname}`)
}

export function sourceChangedError(ctx: S3ErrorContext, etag: string, cause?: unknown): FerryError {
  return new FerryError(
    {
      code: 'source-changed',
      message: `s3://${ctx.bucket}/${ctx.key} changed while Ferry worked on it (it is no longer version ${etag})`,
      fix: 'Run the command again to act on the current version.',
      detail: 'PreconditionFailed (HTTP 412)',
    },
    { cause },
  )
}

/**
 * radosgw 16 refusing to copy an encrypted object server-side: a move or copy set streams such
 * an object through Ferry instead (core/transfers/encrypted-fallback.ts); anything else says so.
 */
export class EncryptedCopyRefused extends FerryError {}

/**
 * A failed If-Match means someone changed the object between our read and our write. A 501
 * for an encrypted source is radosgw 16 refusing to copy SSE-KMS and SSE-C objects at all
 * ("copy op for encrypted object ... has not been implemented" in its log).
 */
export function copyError(e: unknown, ctx: S3ErrorContext, etag: string, encryption?: string): FerryError {
  const facts = failureFacts(e)
  if (facts.code === 'PreconditionFailed' || facts.status === 412) return sourceChangedError(ctx, etag, e)
  if (encryption && encryption !== 'AES256' && (facts.status === 501 || facts.code === 'NotImplemented'))
    return new EncryptedCopyRefused(
      {
        code: 'not-supported',
        message: `the store cannot copy s3://${ctx.bucket}/${ctx.key ?? ''} server-side: it is encrypted (${encryption}) and this store refuses to copy encrypted objects; nothing was changed`,
        fix: 'Moves and copies (ferry mv, ferry cp, the app) stream such an object through Ferry by themselves; to change its headers or metadata, upload it again with them.',
        detail: `${facts.code ?? 'NotImplemented'} (HTTP ${facts.status ?? 501})`,
      },
      { cause: e },
    )
  return toFerryError(e, ctx)
}
