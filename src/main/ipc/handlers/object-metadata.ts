import type { ObjectDetails } from '../../../shared/domain/objects'
import { FerryError, isFerryError } from '../../../shared/errors'
import { headObject, type ObjectHead } from '../../s3/head'
import { sourceChangedError } from '../../s3/copy-guard'
import { updateMetadata } from '../../core/objects/update-metadata'
import type { Handler } from '../handler-types'
import { setTags } from '../../core/objects/copy-protection'
import { withProtection } from './object-protection'

/**
 * The form holds the whole metadata: names it no longer has are removed. The write is a copy
 * onto itself guarded by the ETag the form was filled from, so a change made meanwhile (by
 * another person or tool) is reported, never silently overwritten.
 */
export const updateObjectMetadata: Handler<'objects:update-metadata'> = async (request, core) => {
  const { connectionId, bucket, key, ifMatch, metadata } = request
  const client = core.client(connectionId)
  try {
    const current = await headObject(client, bucket, key)
    if (current.etag !== ifMatch.replaceAll('"', '')) throw sourceChangedError({ bucket, key }, ifMatch)
    const kept = new Set(Object.keys(metadata).map((n) => n.toLowerCase()))
    const head = await updateMetadata(client, bucket, key, {
      set: metadata,
      unset: Object.keys(current.metadata).filter((n) => !kept.has(n.toLowerCase())),
      ifMatch,
      contentType: request.contentType,
      cacheControl: request.cacheControl,
      contentDisposition: request.contentDisposition,
      ...(request.storageClass !== undefined ? { storageClass: request.storageClass } : {}),
    })
    // Tags are a subresource: set after the rewrite, which carried the old ones over.
    if (request.tags) await setTags(client, { bucket, key }, request.tags)
    const tagCount = request.tags ? Object.keys(request.tags).length : head.tagCount
    return withProtection(client, details(head), { ...head, ...(tagCount ? { tagCount } : {}) })
  } catch (e) {
    if (isFerryError(e) && e.code === 'source-changed') {
      throw new FerryError({
        code: 'source-changed',
        message: `the object changed since you opened it (s3://${bucket}/${key} has a newer version), so nothing was written`,
        fix: 'Reload the object to see its current metadata, then make your change again.',
        detail: e.detail ?? 'PreconditionFailed (HTTP 412)',
      })
    }
    throw e
  }
}

export function details(head: ObjectHead): ObjectDetails {
  const out: ObjectDetails = {
    bucket: head.bucket,
    key: head.key,
    size: head.size,
    etag: head.etag,
    lastModified: head.lastModified,
    metadata: head.metadata,
  }
  if (head.contentType) out.contentType = head.contentType
  if (head.cacheControl) out.cacheControl = head.cacheControl
  if (head.contentDisposition) out.contentDisposition = head.contentDisposition
  if (head.storageClass) out.storageClass = head.storageClass
  return out
}
