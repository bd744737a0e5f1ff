// The bridge channels for finding keys and for pinned locations, spread into contract.ts.
import { z } from 'zod'
import { bucketNameSchema, prefixSchema } from '../domain/objects'

const connectionIdField = z.string().min(1).max(64)

/** A bucket or folder pinned in the sidebar, on any connection. */
export const pinSchema = z.strictObject({
  connectionId: connectionIdField,
  bucket: bucketNameSchema,
  prefix: prefixSchema.default(''),
})
export type Pin = z.output<typeof pinSchema>

/** Pins kept at most: the sidebar is a shortcut list, not a bookmark manager. */
export const MAX_PINS = 50

export const findRequestSchemas = {
  /** One page of the search: the keys under the prefix that hold every word of the query. */
  'objects:find': z.strictObject({
    connectionId: connectionIdField,
    bucket: bucketNameSchema,
    prefix: prefixSchema.default(''),
    query: z.string().trim().min(1).max(256),
    continuationToken: z.string().max(4096).optional(),
  }),
  'pins:list': z.strictObject({}).default({}),
  'pins:add': pinSchema,
  'pins:remove': pinSchema,
} as const

export interface FindResponseMap {
  'objects:find': {
    matches: { key: string; size: number; lastModified: string }[]
    scanned: number
    nextToken?: string
  }
  'pins:list': Pin[]
  'pins:add': Pin[]
  'pins:remove': Pin[]
}
