// The one contract between renderer and main. Every request channel is declared once with
// the zod schema of its payload and the type of its result; the preload's named functions,
// main's handler map and the end-to-end harness are all derived from this file.
import { z } from 'zod'
import type { Result } from '../errors'
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
  type BucketSummary,
  type ListObjectsPage,
  type ObjectDetails,
} from '../domain/objects'
import { ifExistsSchema, transferIdSchema, uploadHeadersSchema, type TransferSummary } from '../domain/transfer'

export interface AppInfo {
  version: string
  platform: string
  /** True when secrets can be encrypted at rest by the OS keychain. */
  secretsEncrypted: boolean
}

const none = z.strictObject({}).default({})

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
  'transfers:pause': transferIdSchema,
  'transfers:resume': transferIdSchema,
  'transfers:cancel': transferIdSchema,
} as const

export interface ResponseMap {
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
  'transfers:pause': null
  'transfers:resume': null
  'transfers:cancel': null
}

export type RequestChannel = keyof typeof requestSchemas
export type RequestOf<C extends RequestChannel> = z.input<(typeof requestSchemas)[C]>
export type ParsedRequestOf<C extends RequestChannel> = z.output<(typeof requestSchemas)[C]>
export type ResponseOf<C extends RequestChannel> = ResponseMap[C]

/** Main-to-renderer events and their payloads. */
export interface EventMap {
  /** Changed transfers, batched by main to at most ~10 events a second. */
  'transfers:changed': TransferSummary[]
  'connections:changed': ConnectionSummary[]
}
export type EventChannel = keyof EventMap

import { bridgeEvents, bridgeMethods } from './methods'
export { bridgeEvents, bridgeMethods }

type Method<C extends RequestChannel> = undefined extends RequestOf<C>
  ? (request?: RequestOf<C>) => Promise<Result<ResponseOf<C>>>
  : (request: RequestOf<C>) => Promise<Result<ResponseOf<C>>>

export type FerryApi = {
  [M in keyof typeof bridgeMethods]: Method<(typeof bridgeMethods)[M]>
} & {
  [E in keyof typeof bridgeEvents]: (listener: (payload: EventMap[(typeof bridgeEvents)[E]]) => void) => () => void
}
