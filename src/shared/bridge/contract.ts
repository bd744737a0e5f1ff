// The one contract between renderer and main. Every request channel is declared once with
// the zod schema of its payload and the type of its result; the preload's named functions,
// main's handler map and the end-to-end harness are all derived from this file.
import { z } from 'zod'
import type { FerryErrorValue, Result } from '../errors'
import {
  connectionIdSchema,
  connectionInputSchema,
  type ConnectionSummary,
  type ConnectionTestResult,
} from '../domain/connection'
import {
  bucketNameSchema,
  listObjectsRequestSchema,
  keySchema,
  newKeySchema,
  type BucketSummary,
  type ListObjectsPage,
  type ObjectDetails,
} from '../domain/objects'
import {
  ifExistsSchema,
  transferIdSchema,
  uploadHeadersSchema,
  type TransferSummary,
} from '../domain/transfer'
import { DRAG_OUT_MAX_OBJECTS } from '../drag-out'
import { settingsChangeSchema, type Settings } from '../settings'
import { bucketRequestSchemas, type BucketResponseMap } from './bucket-contract'
import { findRequestSchemas, type FindResponseMap } from './find-contract'
import type { PageCommand } from '../app-menu'
import { objectTagsSchema } from '../encryption'
import {
  syncPlanRequestSchema,
  syncRunRequestSchema,
  type SyncOutcome,
  type SyncPlanView,
} from '../domain/sync'

export interface AppInfo {
  version: string
  platform: string
  /** True when secrets can be encrypted at rest by the OS keychain. */
  secretsEncrypted: boolean
}

const none = z.strictObject({}).default({})

const connectionIdField = z.string().min(1).max(64)
const headerField = (max: number) => z.string().max(max)

/** Where the window was: restored at the next start. */
export const lastLocationSchema = z.strictObject({
  connectionId: z.string().max(64),
  bucket: z.string().max(63),
  prefix: z.string().max(1024),
})
export type LastLocation = z.output<typeof lastLocationSchema>

/** Files and folders inside dropped folders to leave out, read as .gitignore lines ("*.tmp", ".DS_Store"). */
const excludePatternsField = z.array(z.string().trim().min(1).max(256)).max(64).default([])

export const uploadPlanRequestSchema = z.strictObject({
  /** Folder the files go into ("" for the bucket root, else ending in "/"). */
  prefix: z.string().max(1024).default(''),
  paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000),
  exclude: excludePatternsField,
})

/** The files an upload would send and their keys, for the upload sheet to show before it starts. */
export interface UploadPlan {
  /** The first files, in upload order (a folder of 100,000 files is not sent whole). */
  files: { source: string; key: string; size: number }[]
  fileCount: number
  totalBytes: number
}

/**
 * Replaces the object's user metadata and the three editable system headers, in place,
 * only while the object still has the ETag the form was filled from.
 */
export const updateMetadataRequestSchema = z.strictObject({
  connectionId: connectionIdField,
  bucket: bucketNameSchema,
  key: keySchema,
  ifMatch: z.string().min(1).max(128),
  contentType: headerField(256),
  cacheControl: headerField(1024),
  contentDisposition: headerField(1024),
  metadata: z.record(z.string(), z.string()),
  /** A new storage class (the rewrite sends it); absent keeps the object's. */
  storageClass: z.string().max(64).optional(),
  /** The object's tags after the save; absent keeps them. */
  tags: objectTagsSchema.optional(),
})

export const presignRequestSchema = z.strictObject({
  connectionId: connectionIdField,
  bucket: bucketNameSchema,
  key: keySchema,
  expiresInSeconds: z.number().int().min(1),
})

export interface PresignedLinkValue {
  url: string
  expiresAt: string
  /** Set when the link stops working before expiresAt (session credentials). */
  warning?: string
}

export const deleteObjectsRequestSchema = z.strictObject({
  connectionId: connectionIdField,
  bucket: bucketNameSchema,
  keys: z.array(keySchema).max(100_000).default([]),
  /** Folders: every object under each is deleted. */
  prefixes: z.array(z.string().min(1).max(1024).endsWith('/')).max(1_000).default([]),
})

export interface DeleteObjectsResult {
  deleted: number
  failed: { key: string; message: string }[]
}

export const createFolderRequestSchema = z.strictObject({
  connectionId: connectionIdField,
  bucket: bucketNameSchema,
  /** The new folder's full prefix, ending in "/". */
  prefix: z.string().min(2).max(1024).endsWith('/'),
})

export const downloadRequestSchema = z
  .strictObject({
    connectionId: connectionIdField,
    bucket: bucketNameSchema,
    keys: z.array(keySchema).max(10_000).default([]),
    /** Folders: every object under each, into a folder of the same name. */
    prefixes: z.array(z.string().min(2).max(1024).endsWith('/')).max(1_000).default([]),
  })
  .refine((r) => r.keys.length + r.prefixes.length > 0, 'name at least one object or folder')

export const copyRequestSchema = z.strictObject({
  connectionId: connectionIdField,
  bucket: bucketNameSchema,
  key: keySchema,
  /** The new key in the same bucket. */
  destinationKey: newKeySchema,
  /** Rename: delete the source once the copy exists. */
  move: z.boolean(),
})

/**
 * Moves within a bucket: each source a key, or a prefix ending in "/" (its keys move under the
 * target prefix). Journaled and proven like `ferry mv`; a folder into itself is refused first.
 */
export const moveRequestSchema = z.strictObject({
  connectionId: connectionIdField,
  bucket: bucketNameSchema,
  moves: z
    .array(z.strictObject({ source: keySchema, target: newKeySchema }))
    .min(1)
    .max(1000),
  ifExists: ifExistsSchema.default('fail'),
  /** Where the targets are, when that is another bucket or connection (rows cut and pasted there). */
  to: z.strictObject({ connectionId: connectionIdField, bucket: bucketNameSchema }).optional(),
})

export interface MoveObjectsResult {
  moved: number
  skipped: number
  failed: number
  /** Each object that could not move, named in its message; its source is where it was. */
  errors: FerryErrorValue[]
}

/** Whether a local file holds the object's bytes; null when the store's ETag cannot tell. */
export interface FileComparison {
  file: string
  equal: boolean | null
  detail: string
}

export const bucketRequestSchema = z.strictObject({
  connectionId: connectionIdField,
  bucket: bucketNameSchema,
})

/** A multipart upload that was started and never completed or aborted: its parts are billed. */
export interface IncompleteUploadValue {
  key: string
  uploadId: string
  /** When it was started, by the server's clock. */
  initiated: string
  parts: number
  bytes: number
}

export const abortUploadsRequestSchema = z.strictObject({
  connectionId: connectionIdField,
  bucket: bucketNameSchema,
  uploads: z
    .array(z.strictObject({ key: keySchema, uploadId: z.string().min(1).max(1024) }))
    .min(1)
    .max(10_000),
})

export const pickUploadRequestSchema = z.strictObject({ kind: z.enum(['files', 'folder']) })

/** Objects dragged out of the window: fetched into a staging folder, then handed to the OS drag. */
export const dragOutRequestSchema = z.strictObject({
  connectionId: connectionIdField,
  bucket: bucketNameSchema,
  keys: z.array(keySchema).min(1).max(DRAG_OUT_MAX_OBJECTS),
})

const objectRefSchema = z.strictObject({
  connectionId: z.string().min(1).max(64),
  bucket: bucketNameSchema,
  key: keySchema,
})

export const uploadRequestSchema = z.strictObject({
  connectionId: z.string().min(1).max(64),
  bucket: bucketNameSchema,
  /** Folder to upload into ("" for the bucket root, else ending in "/"). */
  prefix: z.string().max(1024).default(''),
  paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000),
  headers: uploadHeadersSchema.default({ metadata: {} }),
  ifExists: ifExistsSchema.default('fail'),
  exclude: excludePatternsField,
  /** SSE-C: the key's file, read by main; the key itself never crosses the bridge. */
  customerKeyFile: z.string().min(1).max(4096).optional(),
  /** No encryption, chosen in the sheet over the connection's default encryption. */
  encryptionNone: z.literal(true).optional(),
})

/** Upload from a URL: the bytes stream from http(s), ftp or file straight into S3. */
export const streamRequestSchema = z.strictObject({
  connectionId: z.string().min(1).max(64),
  bucket: bucketNameSchema,
  url: z.string().min(1).max(8192),
  /** The object's key; ending in "/" (or "") puts the URL's file name under it. */
  key: z.string().max(1024).default(''),
  headers: uploadHeadersSchema.default({ metadata: {} }),
  ifExists: ifExistsSchema.default('fail'),
  /** 32 hex digits, or a URL to an .md5 file. */
  sourceMd5: z.string().min(1).max(8192).optional(),
})

/** Request channels: payload schema and result type. */
export const requestSchemas = {
  'app:info': none,
  'connections:list': none,
  'connections:save': connectionInputSchema,
  'connections:remove': connectionIdSchema,
  'connections:test': connectionIdSchema,
  /** Tests what the connection form holds, before (or without) saving it. */
  'connections:probe': connectionInputSchema,
  'buckets:list': connectionIdSchema,
  'objects:list': listObjectsRequestSchema,
  'objects:head': objectRefSchema,
  'transfers:list': none,
  'transfers:upload': uploadRequestSchema,
  'transfers:stream': streamRequestSchema,
  'transfers:pause': transferIdSchema,
  'transfers:resume': transferIdSchema,
  'transfers:cancel': transferIdSchema,
  'transfers:pause-all': none,
  'transfers:resume-all': none,
  /** Cancels every transfer not finished: uploads aborted on the store, partial downloads removed. */
  'transfers:cancel-all': none,
  /** Takes done and cancelled transfers off the list (and their journals off the disk). */
  'transfers:clear-finished': none,
  'uploads:plan': uploadPlanRequestSchema,
  'objects:update-metadata': updateMetadataRequestSchema,
  'objects:presign': presignRequestSchema,
  'objects:delete': deleteObjectsRequestSchema,
  'objects:create-folder': createFolderRequestSchema,
  /** Asks for a folder (the OS dialog), then downloads the objects and folders into it. */
  'objects:download': downloadRequestSchema,
  /** Fetches the objects (verified) into a staging folder and starts the OS drag with them. */
  'objects:drag-out': dragOutRequestSchema,
  /** Opens the download's file in the OS file manager, selected. */
  'transfers:show-in-folder': transferIdSchema,
  /** Asks for the local folder to sync (the OS dialog). */
  'sync:pick-folder': none,
  /** Lists both sides and decides what would move; moves nothing. */
  'sync:plan': syncPlanRequestSchema,
  /** Runs a plan sync:plan made, its files in the Transfers panel; resolves when it ends. */
  'sync:run': syncRunRequestSchema,
  /** Server-side copy (or rename) within the bucket; refuses to replace an existing object. */
  'objects:copy': copyRequestSchema,
  'objects:move': moveRequestSchema,
  /** Asks for a local file (the OS dialog), then compares it with the object; null when cancelled. */
  'objects:verify-file': objectRefSchema,
  'uploads:list-incomplete': bucketRequestSchema,
  'uploads:abort-incomplete': abortUploadsRequestSchema,
  'app:pick-upload-sources': pickUploadRequestSchema,
  'app:copy-text': z.strictObject({ text: z.string().min(1).max(16_384) }),
  'app:last-location': none,
  'app:save-location': lastLocationSchema,
  'settings:get': none,
  /** Changes some settings; each value is checked against S3's limits, the rest are kept. */
  'settings:save': settingsChangeSchema,
  ...bucketRequestSchemas,
  ...findRequestSchemas,
  /** Asks where to save (the OS dialog), then writes the log, settings and versions there. */
  'app:export-diagnostics': none,
} as const

export interface ResponseMap extends BucketResponseMap, FindResponseMap {
  'app:info': AppInfo
  'connections:list': ConnectionSummary[]
  'connections:save': ConnectionSummary
  'connections:remove': null
  'connections:test': ConnectionTestResult
  'connections:probe': ConnectionTestResult
  'buckets:list': BucketSummary[]
  'objects:list': ListObjectsPage
  'objects:head': ObjectDetails
  'transfers:list': TransferSummary[]
  'transfers:upload': TransferSummary[]
  'transfers:stream': TransferSummary
  'transfers:pause': null
  'transfers:resume': null
  'transfers:cancel': null
  /** How many transfers were paused or resumed. */
  'transfers:pause-all': { count: number }
  'transfers:resume-all': { count: number }
  /** How many transfers were asked to cancel. */
  'transfers:cancel-all': { count: number }
  /** The ids taken off the list. */
  'transfers:clear-finished': { ids: string[] }
  'uploads:plan': UploadPlan
  'objects:update-metadata': ObjectDetails
  'objects:presign': PresignedLinkValue
  'objects:delete': DeleteObjectsResult
  'objects:create-folder': null
  /** The object downloads started (a folder's files follow as transfer events); [] when the folder dialog was cancelled. */
  'objects:download': TransferSummary[]
  /** The staged files the OS drag carries. */
  'objects:drag-out': { paths: string[] }
  'transfers:show-in-folder': null
  /** null when the dialog was cancelled. */
  'sync:pick-folder': string | null
  'sync:plan': SyncPlanView
  'sync:run': SyncOutcome
  'objects:copy': ObjectDetails
  'objects:move': MoveObjectsResult
  'objects:verify-file': FileComparison | null
  'uploads:list-incomplete': IncompleteUploadValue[]
  'uploads:abort-incomplete': { aborted: number; failed: { key: string; message: string }[] }
  'app:pick-upload-sources': string[]
  'app:copy-text': null
  'app:last-location': LastLocation
  'app:save-location': null
  'settings:get': Settings
  'settings:save': Settings
  /** The file written; null when the dialog was cancelled. */
  'app:export-diagnostics': string | null
}

export type RequestChannel = keyof typeof requestSchemas
export type RequestOf<C extends RequestChannel> = z.input<(typeof requestSchemas)[C]>
export type ParsedRequestOf<C extends RequestChannel> = z.output<(typeof requestSchemas)[C]>
export type ResponseOf<C extends RequestChannel> = ResponseMap[C]

/** Main-to-renderer events and their payloads. */
export interface EventMap {
  /** Changed transfers, batched by main to at most ~10 events a second. */
  'transfers:changed': TransferSummary[]
  /** Rows main took off the list (a held download set's row, once it runs as files). */
  'transfers:removed': string[]
  'connections:changed': ConnectionSummary[]
  /** A menu item (application menu, tray) for the page to carry out. */
  'app:command': PageCommand
  /** Folders whose objects changed by main's own doing (a move finished at start): their listings are stale. */
  'objects:changed': ObjectPlace[]
}

/** A folder of a saved connection's bucket ("" for the bucket's root). */
export type ObjectPlace = { connectionId: string; bucket: string; prefix: string }
export type EventChannel = keyof EventMap

import { bridgeEvents, bridgeMethods } from './methods'
export { bridgeEvents, bridgeMethods }

type Method<C extends RequestChannel> =
  undefined extends RequestOf<C>
    ? (request?: RequestOf<C>) => Promise<Result<ResponseOf<C>>>
    : (request: RequestOf<C>) => Promise<Result<ResponseOf<C>>>

export type FerryApi = {
  [M in keyof typeof bridgeMethods]: Method<(typeof bridgeMethods)[M]>
} & {
  [E in keyof typeof bridgeEvents]: (
    listener: (payload: EventMap[(typeof bridgeEvents)[E]]) => void,
  ) => () => void
}
