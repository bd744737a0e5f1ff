// The bridge channels for buckets, versions and archived objects, spread into the contract's
// requestSchemas and ResponseMap (contract.ts) so that file stays small.
import { z } from 'zod'
import { restoreRequestFields } from '../archive'
import { bucketNameSchema, keySchema, prefixSchema } from '../domain/objects'
import { versionIdSchema, type ObjectVersion, type VersioningStatus } from '../domain/versions'
import type { TransferSummary } from '../domain/transfer'
import type { ObjectDetails } from '../domain/objects'

const connectionIdField = z.string().min(1).max(64)
const bucketField = z.strictObject({ connectionId: connectionIdField, bucket: bucketNameSchema })
const versionRef = z.strictObject({
  connectionId: connectionIdField,
  bucket: bucketNameSchema,
  key: keySchema,
  versionId: versionIdSchema,
})

export const bucketRequestSchemas = {
  /** The name's rules are checked by the handler, so a bad name gets its reason, not a schema error. */
  'buckets:create': z.strictObject({
    connectionId: connectionIdField,
    bucket: z.string().max(255),
    /** Empty for the connection's region. */
    region: z.string().max(32).default(''),
  }),
  /** Refused while the bucket holds anything, unless `empty` (every version and open upload first). */
  'buckets:delete': bucketField.extend({ empty: z.boolean().default(false) }),
  'buckets:versioning': bucketField,
  'buckets:set-versioning': bucketField.extend({ on: z.boolean() }),
  /** One page of versions and delete markers directly under a folder. */
  'versions:list': bucketField.extend({
    prefix: prefixSchema.default(''),
    keyMarker: z.string().max(1024).optional(),
    versionIdMarker: z.string().max(1024).optional(),
  }),
  /** Copies the version over the latest, with that version's metadata and headers. */
  'versions:restore': versionRef,
  /** Deletes one version or delete marker for good. */
  'versions:delete': versionRef,
  /** Asks for a folder (the OS dialog), then downloads that version into it. */
  'versions:download': versionRef,
  /** Starts a restore of an archived object. */
  'objects:restore-archived': z.strictObject({
    connectionId: connectionIdField,
    bucket: bucketNameSchema,
    key: keySchema,
    ...restoreRequestFields,
  }),
} as const

export interface VersionsPageValue {
  versions: ObjectVersion[]
  /** Folders directly under the prefix. */
  folders: string[]
  next?: { keyMarker: string; versionIdMarker?: string }
}

export interface BucketResponseMap {
  'buckets:create': { bucket: string; region: string }
  'buckets:delete': { bucket: string; versionsDeleted: number; uploadsAborted: number }
  'buckets:versioning': VersioningStatus
  'buckets:set-versioning': VersioningStatus
  'versions:list': VersionsPageValue
  'versions:restore': ObjectDetails
  'versions:delete': null
  /** [] when the folder dialog was cancelled. */
  'versions:download': TransferSummary[]
  'objects:restore-archived': { status: 'started' | 'extended' | 'in-progress' }
}
