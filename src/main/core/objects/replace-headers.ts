// CopyObject with MetadataDirective REPLACE replaces *all* metadata, the system headers
// included: anything not sent again is dropped (Content-Type falls back to
// binary/octet-stream, Cache-Control disappears) and the storage class falls back to
// STANDARD. These are the headers a metadata update or a copy with new metadata carries over.
import type { CopyObjectCommandInput, ServerSideEncryption, StorageClass } from '@aws-sdk/client-s3'
import type { ObjectHead } from '../../s3/head'

/** Changes to system headers; an empty string removes the header. */
export interface HeaderChanges {
  contentType?: string
  cacheControl?: string
  contentDisposition?: string
  contentEncoding?: string
  contentLanguage?: string
  storageClass?: string
}

export type CarriedHeaders = Pick<
  CopyObjectCommandInput,
  | 'ContentType'
  | 'CacheControl'
  | 'ContentDisposition'
  | 'ContentEncoding'
  | 'ContentLanguage'
  | 'Expires'
  | 'StorageClass'
  | 'WebsiteRedirectLocation'
  | 'ServerSideEncryption'
  | 'SSEKMSKeyId'
>

const pick = (change: string | undefined, current: string | undefined): string | undefined =>
  change === undefined ? current : change === '' ? undefined : change

export function carriedHeaders(head: ObjectHead, changes: HeaderChanges = {}): CarriedHeaders {
  const out: CarriedHeaders = {}
  const contentType = pick(changes.contentType, head.contentType)
  if (contentType) out.ContentType = contentType
  const cacheControl = pick(changes.cacheControl, head.cacheControl)
  if (cacheControl) out.CacheControl = cacheControl
  const disposition = pick(changes.contentDisposition, head.contentDisposition)
  if (disposition) out.ContentDisposition = disposition
  const encoding = pick(changes.contentEncoding, head.contentEncoding)
  if (encoding) out.ContentEncoding = encoding
  const language = pick(changes.contentLanguage, head.contentLanguage)
  if (language) out.ContentLanguage = language
  if (head.expires) out.Expires = head.expires
  const storageClass = pick(changes.storageClass, head.storageClass)
  if (storageClass) out.StorageClass = storageClass as StorageClass
  if (head.websiteRedirectLocation) out.WebsiteRedirectLocation = head.websiteRedirectLocation
  // Without these a copy would fall back to the bucket's default encryption.
  if (head.serverSideEncryption) out.ServerSideEncryption = head.serverSideEncryption as ServerSideEncryption
  if (head.sseKmsKeyId && head.serverSideEncryption === 'aws:kms') out.SSEKMSKeyId = head.sseKmsKeyId
  return out
}
