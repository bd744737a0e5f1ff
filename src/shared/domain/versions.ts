import { z } from 'zod'

/** One version of an object, or a delete marker (which has no size or ETag). */
export interface ObjectVersion {
  key: string
  /** "null" for an object written while versioning was off, as S3 names it. */
  versionId: string
  kind: 'version' | 'delete-marker'
  /** True for the version a plain GET returns (or the marker that hides the object). */
  latest: boolean
  lastModified: string
  size: number
  etag: string
  storageClass?: string
}

/** S3 has no way back to "never versioned": off means Suspended. */
export type VersioningStatus = 'enabled' | 'suspended' | 'unversioned'

/** A version id as S3 and radosgw write them: printable ASCII, at most 1,024 characters. */
export const versionIdSchema = z
  .string()
  .min(1)
  .max(1024)
  .regex(/^[\x21-\x7e]+$/, 'A version id has no spaces or control characters.')
