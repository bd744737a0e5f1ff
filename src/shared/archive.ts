// Archived objects: stored in a class (or an Intelligent-Tiering tier) whose bytes cannot be
// read until a restore makes a temporary copy. What S3 documents:
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/restoring-objects.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html (x-amz-restore, x-amz-archive-status)
import { z } from 'zod'

/** Classes that need a restore before a GET. GLACIER_IR (Instant Retrieval) does not. */
export const ARCHIVE_CLASSES = ['GLACIER', 'DEEP_ARCHIVE'] as const
/** Intelligent-Tiering's opt-in archive tiers, named by x-amz-archive-status. */
export const ARCHIVE_TIERS = ['ARCHIVE_ACCESS', 'DEEP_ARCHIVE_ACCESS'] as const

export const RESTORE_TIERS = ['Standard', 'Bulk', 'Expedited'] as const
export type RestoreTier = (typeof RESTORE_TIERS)[number]

/** How long S3 keeps a restored copy: at least a day; S3 documents no upper bound below 2^31. */
export const MIN_RESTORE_DAYS = 1
export const MAX_RESTORE_DAYS = 365 * 100

export const restoreRequestFields = {
  days: z.number().int().min(MIN_RESTORE_DAYS).max(MAX_RESTORE_DAYS),
  tier: z.enum(RESTORE_TIERS).default('Standard'),
}

/** What a HEAD says about the object's archive state. */
export type ArchiveState =
  | { kind: 'archived' }
  | { kind: 'restoring' }
  /** A temporary copy is readable until `expires` (ISO). */
  | { kind: 'restored'; expires: string }

export function isArchived(storageClass: string | undefined, archiveStatus?: string): boolean {
  if ((ARCHIVE_CLASSES as readonly string[]).includes(storageClass ?? '')) return true
  return (
    storageClass === 'INTELLIGENT_TIERING' &&
    (ARCHIVE_TIERS as readonly string[]).includes(archiveStatus ?? '')
  )
}

/**
 * The archive state from the storage class, x-amz-archive-status and x-amz-restore
 * (`ongoing-request="true"`, or `ongoing-request="false", expiry-date="Fri, 23 Dec 2012 00:00:00 GMT"`).
 * undefined for an object that is not archived.
 */
export function archiveState(
  storageClass: string | undefined,
  archiveStatus: string | undefined,
  restore: string | undefined,
): ArchiveState | undefined {
  const ongoing = restore
    ? /ongoing-request\s*=\s*"(true|false)"/i.exec(restore)?.[1]?.toLowerCase()
    : undefined
  if (ongoing === 'true') return { kind: 'restoring' }
  if (ongoing === 'false') {
    const expiry = /expiry-date\s*=\s*"([^"]+)"/i.exec(restore ?? '')?.[1]
    const ms = expiry ? Date.parse(expiry) : NaN
    if (Number.isFinite(ms) && ms > Date.now())
      return { kind: 'restored', expires: new Date(ms).toISOString() }
  }
  return isArchived(storageClass, archiveStatus) ? { kind: 'archived' } : undefined
}

/** One line for the list, the inspector and `ferry head`. */
export function describeArchiveState(state: ArchiveState): string {
  switch (state.kind) {
    case 'archived':
      return 'archived: restore it before downloading'
    case 'restoring':
      return 'archived: restore in progress'
    case 'restored':
      return `archived: restored copy readable until ${state.expires.slice(0, 16).replace('T', ' ')} UTC`
  }
}
