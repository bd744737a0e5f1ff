import { z } from 'zod'
import { cannedAclSchema, objectEncryptionSchema, objectTagsSchema } from '../encryption'
import type { FerryErrorValue } from '../errors'

export const TRANSFER_STATES = [
  'queued',
  'preparing',
  'uploading',
  'downloading',
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
  /** Server-side encryption; for SSE-C only the key's MD5 (the key travels beside, never stored). */
  encryption: objectEncryptionSchema.optional(),
  acl: cannedAclSchema.optional(),
  tags: objectTagsSchema.optional(),
})
export type UploadHeaders = z.input<typeof uploadHeadersSchema>

export type Verification =
  | { verified: true; method: 'multipart-etag' | 'md5-etag' | 'checksum'; detail: string }
  | { verified: false; reason: string }

export interface TransferSummary {
  id: string
  direction: 'upload' | 'download'
  /** A local path for uploads and downloads alike; a URL for streams. */
  source: string
  bucket: string
  key: string
  connectionId: string
  size: number
  /** Bytes the server acknowledged (uploads) or written to disk (downloads). */
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

export const transferIdSchema = z.strictObject({ id: z.string().min(1).max(64) })
