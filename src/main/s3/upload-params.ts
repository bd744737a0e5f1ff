// The object's headers as S3 request parameters, validated before any byte is sent.
import { basename } from 'node:path'
import type { StorageClass } from '@aws-sdk/client-s3'
import mime from 'mime'
import { badInput } from '../../shared/errors'
import type { UploadHeaders } from '../../shared/domain/transfer'
import type { CustomerKey } from '../../shared/encryption'
import { encodeMetadata } from '../../shared/metadata'
import { protectionParams, type ProtectionParams } from './protection-params'

export interface ObjectParams extends ProtectionParams {
  ContentType: string
  CacheControl?: string
  ContentDisposition?: string
  StorageClass?: StorageClass
  Metadata?: Record<string, string>
}

const HEADER_VALUE = /^[\x20-\x7e]*$/

function headerValue(name: string, value: string, fix: string): string {
  // Node refuses to send other characters in a header, and S3 would fail the signature.
  if (!HEADER_VALUE.test(value))
    throw badInput(`${name} "${value}" has characters a header cannot carry`, fix)
  return value
}

/** Content-Type from the file name's extension, as browsers and aws-cli guess it. */
export const guessContentType = (name: string): string =>
  mime.getType(basename(name)) ?? 'application/octet-stream'

/** `customerKey`: the SSE-C key, for headers whose encryption is SSE-C (checked against its MD5). */
export function objectParams(
  headers: UploadHeaders,
  sourceName: string,
  customerKey?: CustomerKey,
): ObjectParams {
  const params: ObjectParams = {
    ...protectionParams(headers, customerKey),
    ContentType: headers.contentType
      ? headerValue(
          'Content-Type',
          headers.contentType,
          'Write a media type such as text/plain; charset=utf-8.',
        )
      : guessContentType(sourceName),
  }
  if (headers.cacheControl)
    params.CacheControl = headerValue(
      'Cache-Control',
      headers.cacheControl,
      'Use ASCII directives such as max-age=3600.',
    )
  if (headers.contentDisposition) {
    params.ContentDisposition = headerValue(
      'Content-Disposition',
      headers.contentDisposition,
      "Encode a non-ASCII file name as RFC 6266 says: attachment; filename*=UTF-8''na%C3%AFve.txt",
    )
  }
  if (headers.storageClass) {
    if (!/^[A-Z0-9_]+$/.test(headers.storageClass)) {
      throw badInput(
        `storage class "${headers.storageClass}" is not valid`,
        'Use an upper-case class name such as STANDARD, STANDARD_IA or GLACIER_IR.',
      )
    }
    params.StorageClass = headers.storageClass as StorageClass
  }
  const metadata = headers.metadata ?? {}
  if (Object.keys(metadata).length > 0) params.Metadata = encodeMetadata(metadata)
  return params
}
