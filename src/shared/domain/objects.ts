import { z } from 'zod'
import type { ArchiveState } from '../archive'
import { objectKeyProblem } from '../object-key'
import { MAX_KEY_BYTES } from '../s3-limits'

export const bucketNameSchema = z.string().min(3).max(63)
export const keySchema = z
  .string()
  .min(1)
  // No key has more characters than bytes: a 10 MB string is refused before it is encoded.
  .max(MAX_KEY_BYTES, 'Keys are at most 1,024 bytes of UTF-8.')
  .refine(
    (k) => new TextEncoder().encode(k).length <= MAX_KEY_BYTES,
    'Keys are at most 1,024 bytes of UTF-8.',
  )
/** A key Ferry is about to create: also free of what S3's XML API cannot carry. */
export const newKeySchema = keySchema.superRefine((key, ctx) => {
  const problem = objectKeyProblem(key)
  if (problem) ctx.addIssue({ code: 'custom', message: problem })
})
export const prefixSchema = z.string().max(MAX_KEY_BYTES)

export interface BucketSummary {
  name: string
  created?: string
}

export type ListEntry =
  | { kind: 'prefix'; prefix: string }
  | { kind: 'object'; key: string; size: number; lastModified: string; storageClass: string; etag: string }

export const listObjectsRequestSchema = z.strictObject({
  connectionId: z.string().min(1).max(64),
  bucket: bucketNameSchema,
  prefix: prefixSchema.default(''),
  continuationToken: z.string().max(4096).optional(),
})
export type ListObjectsRequest = z.input<typeof listObjectsRequestSchema>

export interface ListObjectsPage {
  entries: ListEntry[]
  nextToken?: string
}

export interface ObjectDetails {
  bucket: string
  key: string
  size: number
  etag: string
  lastModified: string
  contentType?: string
  cacheControl?: string
  contentDisposition?: string
  storageClass?: string
  /** User metadata, decoded (x-amz-meta- prefix removed). */
  metadata: Record<string, string>
  /** Server-side encryption as a person reads it: "SSE-KMS (key k1)", "SSE-C". */
  encryption?: string
  /** The object's tags (read when HEAD counts some). */
  tags?: Record<string, string>
  /** The version read, in a bucket that has (or had) versioning. */
  versionId?: string
  /** Set for an archived object (GLACIER, DEEP_ARCHIVE, an archive tier). */
  archive?: ArchiveState
}
