// What the app's Sync... sheet asks for and shows: a plan made in main (both sides listed,
// nothing moved), then, once confirmed, that same plan run.
import { z } from 'zod'
import { bucketNameSchema } from './objects'

export const syncPlanRequestSchema = z.strictObject({
  connectionId: z.string().min(1).max(64),
  bucket: bucketNameSchema,
  /** "" for the bucket root, else ending in "/". */
  prefix: z
    .string()
    .max(1024)
    .refine((p) => p === '' || p.endsWith('/'), 'a prefix is "" or ends in "/"'),
  /** The local folder: the source of an upload, the destination of a download. */
  folder: z.string().min(1).max(4096),
  direction: z.enum(['upload', 'download']),
  /** size-mtime: size and modification time; checksum: the content (MD5 or multipart ETag). */
  compare: z.enum(['size-mtime', 'checksum']).default('size-mtime'),
})
export type SyncPlanRequest = z.input<typeof syncPlanRequestSchema>
export type SyncPlanInput = z.output<typeof syncPlanRequestSchema>
export type SyncDirection = SyncPlanRequest['direction']

export const syncRunRequestSchema = z.strictObject({
  /** A plan's id, as sync:plan answered. */
  id: z.string().min(1).max(64),
  /** Also delete what the source lacks from the destination (the plan's deletions). */
  delete: z.boolean(),
})

export interface Tally {
  files: number
  bytes: number
}

/** A plan as the sheet shows it. */
export interface SyncPlanView {
  id: string
  direction: SyncDirection
  folder: string
  bucket: string
  prefix: string
  /** The files that move, sorted by path (the first MAX_SHOWN). */
  transfers: { path: string; size: number; detail: string }[]
  /** What deleting extras would remove from the destination, one by one (the first MAX_SHOWN). */
  deletions: { path: string; size: number }[]
  totals: { upload: Tally; download: Tally; skipped: Tally; delete: Tally }
  /** Files or keys that cannot take part, with why. */
  refused: { name: string; message: string }[]
}

/** Rows a plan carries to the window; the totals count all of them. */
export const MAX_SHOWN = 5_000

/** How a sync ended. */
export interface SyncOutcome {
  uploaded: number
  downloaded: number
  skipped: number
  deleted: number
  failed: number
  bytes: number
  /** Why the deletions were not made (a file failed to copy), when they were held. */
  deletionsHeld?: string
}
