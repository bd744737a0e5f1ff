import { z } from 'zod'
import { cannedAclSchema, objectEncryptionSchema, objectTagsSchema } from '../encryption'
import type { FerryErrorValue } from '../errors'

export const TRANSFER_STATES = [
  'queued',
  'preparing',
  'uploading',
  'downloading',
  /** A move or copy set: objects being copied, proven, and (a move) deleted at their source. */
  'moving',
  'copying',
  'paused',
  'waiting-network',
  'needs-credentials',
  'verifying',
  'done',
  'failed',
  'cancelled',
] as const
export type TransferState = (typeof TRANSFER_STATES)[number]

export const ifExistsSchema = z.enum(['fail', 'overwrite', 'skip'])
export type IfExists = z.infer<typeof ifExistsSchema>

export const metadataSchema = z.record(z.string(), z.string())

export const uploadHeadersSchema = z.strictObject({
  contentType: z.string().max(256).optional(),
  cacheControl: z.string().max(1024).optional(),
  contentDisposition: z.string().max(1024).optional(),
  storageClass: z.string().max(64).optional(),
  metadata: metadataSchema.default({}),
  /**
   * Server-side encryption (also a copy's through Ferry, as its source had it); for SSE-C only
   * the key's MD5 (the key travels beside, never stored).
   */
  encryption: objectEncryptionSchema.optional(),
  acl: cannedAclSchema.optional(),
  tags: objectTagsSchema.optional(),
})
export type UploadHeaders = z.input<typeof uploadHeadersSchema>

/**
 * How an object was proven equal to its source: its ETag is the MD5 of the bytes ('md5') or of
 * their part MD5s ('multipart-etag'), or its full-object CRC, stored by the store, equals the
 * one computed from the bytes.
 */
export const VERIFIED_METHODS = [
  'md5',
  'multipart-etag',
  'full-object-crc32',
  'full-object-crc32c',
  'full-object-crc64nvme',
] as const
export type VerifiedMethod = (typeof VERIFIED_METHODS)[number]

/**
 * What was proven when the object could not be: 'parts' (every part was accepted against its
 * Content-MD5 and the completed part list matched, but the store keeps neither an MD5 ETag nor
 * a checksum), 'size' (a download: every byte of the object's size arrived), 'none' (nothing:
 * skipped, or the bytes differ).
 */
export type UnverifiedMethod = 'parts' | 'size' | 'none'

export type Verification =
  | { verified: true; method: VerifiedMethod; detail: string }
  | { verified: false; method: UnverifiedMethod; reason: string }

interface TransferFields {
  id: string
  /** A local path for uploads and downloads alike; a URL for streams; the source for a set. */
  source: string
  bucket: string
  key: string
  connectionId: string
  size: number
  /** Bytes the server acknowledged (uploads), written to disk (downloads), or copied (sets). */
  bytesDone: number
  state: TransferState
  /** Bytes per second over the last few seconds. */
  speed: number
  partsTotal: number
  partsDone: number
  partsReused: number
  createdAt: string
  updatedAt: string
  error?: FerryErrorValue
  verification?: Verification
  etag?: string
}

/** One file (or URL) to or from the store. */
export interface FileTransferSummary extends TransferFields {
  direction: 'upload' | 'download'
}

/**
 * A move or copy the app runs inside the store (a folder renamed, rows dragged or pasted, also
 * into another bucket or connection): one or more journaled sets, counted in objects. `bucket`
 * and `key` are where they go; `size` and `bytesDone` count the objects listed so far.
 */
export interface SetTransferSummary extends TransferFields {
  direction: 'move' | 'copy'
  set: SetProgress
}

export interface SetProgress {
  /** What it moves, as the person asked: "photos/ → archive/photos/", "3 items → other-bucket/x/". */
  label: string
  /** Objects at their destination (an earlier run's included), skipped ones too. */
  objectsDone: number
  /** Objects found so far: every one once `listed` is true, else at least this many. */
  objectsTotal: number
  listed: boolean
  skipped: number
  failed: number
  /** Found unfinished when the app started (cut short by a quit): Resume or Cancel it. */
  interrupted?: true
}

export type TransferSummary = FileTransferSummary | SetTransferSummary
export type TransferDirection = TransferSummary['direction']

export const transferIdSchema = z.strictObject({ id: z.string().min(1).max(64) })
