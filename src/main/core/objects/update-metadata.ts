// The seed connector's update_metadata(): S3 has no "change metadata" call, so the object
// is copied onto itself with MetadataDirective REPLACE, carrying over every system header
// the caller did not change, and only while it is still the version that was read.
import type { S3Client } from '@aws-sdk/client-s3'
import { badInput } from '../../../shared/errors'
import { encodeMetadata, metadataNameProblem } from '../../../shared/metadata'
import { copyFromHead, type CopyOptions } from './copy'
import { headObject, type ObjectHead } from '../../s3/head'
import type { HeaderChanges } from './replace-headers'

export interface MetadataUpdate extends HeaderChanges {
  /** User metadata to add or change (names without x-amz-meta-). */
  set?: Record<string, string>
  /** User metadata names to remove. */
  unset?: string[]
  /** Update only while the object has this ETag (defaults to the one read just before). */
  ifMatch?: string
}

export type UpdateOptions = Pick<
  CopyOptions,
  'multipartThreshold' | 'partSize' | 'concurrency' | 'signal' | 'customerKey'
>

/** The user metadata after the update; throws bad-input for invalid names or conflicts. */
export function nextMetadata(
  current: Record<string, string>,
  update: Pick<MetadataUpdate, 'set' | 'unset'>,
): Record<string, string> {
  const set = Object.entries(update.set ?? {})
  const unset = (update.unset ?? []).map((n) => n.toLowerCase())
  for (const name of [...set.map(([n]) => n), ...(update.unset ?? [])]) {
    const problem = metadataNameProblem(name)
    if (problem)
      throw badInput(
        `invalid metadata name: ${problem}`,
        'Use names of letters, digits, "-" and "_", e.g. --set owner=alice.',
      )
  }
  const both = set.map(([n]) => n.toLowerCase()).filter((n) => unset.includes(n))
  if (both.length > 0)
    throw badInput(`metadata "${both[0]}" is both set and unset`, 'Either set it or unset it, not both.')
  // A Map, not an object literal: a name like __proto__ must stay a name.
  const merged = new Map<string, string>()
  for (const [name, value] of Object.entries(current))
    if (!unset.includes(name.toLowerCase())) merged.set(name.toLowerCase(), value)
  for (const [name, value] of set) merged.set(name.toLowerCase(), value)
  const next = Object.fromEntries(merged)
  // Validates the 2 KB limit on the result, before any request.
  encodeMetadata(next)
  return next
}

/** Returns the object's HEAD after the update. */
export async function updateMetadata(
  client: S3Client,
  bucket: string,
  key: string,
  update: MetadataUpdate,
  options: UpdateOptions = {},
): Promise<ObjectHead> {
  // Name and conflict problems are found before the HEAD; the size limit needs the current metadata.
  nextMetadata({}, { ...update, set: update.set ?? {} })
  const { customerKey } = options
  const head = await headObject(client, bucket, key, { customerKey })
  const metadata = nextMetadata(head.metadata, update)
  const headers: HeaderChanges = {}
  if (update.contentType !== undefined) headers.contentType = update.contentType
  if (update.cacheControl !== undefined) headers.cacheControl = update.cacheControl
  if (update.contentDisposition !== undefined) headers.contentDisposition = update.contentDisposition
  if (update.contentEncoding !== undefined) headers.contentEncoding = update.contentEncoding
  if (update.contentLanguage !== undefined) headers.contentLanguage = update.contentLanguage
  if (update.storageClass !== undefined) headers.storageClass = update.storageClass
  await copyFromHead(
    client,
    head,
    { bucket, key },
    { ...options, metadata, headers, ...(update.ifMatch ? { ifMatch: update.ifMatch } : {}) },
  )
  return headObject(client, bucket, key, { customerKey })
}
