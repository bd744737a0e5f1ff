// The daemon checks every request line against these before acting on it: the socket is
// private to the user, but a client may still be a script with a bug.
import { z } from 'zod'
import { ifExistsSchema } from '../../shared/domain/transfer'
import { cannedAclSchema, objectEncryptionSchema, objectTagsSchema } from '../../shared/encryption'
import type { DaemonRequest } from './protocol'

const requestId = z.union([z.string().max(64), z.number().int()])

export const sendRequestSchema = z.strictObject({
  id: requestId,
  op: z.literal('send'),
  source: z.string().min(1).max(4096),
  bucket: z.string().min(1).max(255),
  key: z.string().min(1).max(1024),
  alias: z.string().max(256).optional(),
  ifExists: ifExistsSchema.optional(),
  wait: z.boolean(),
  headers: z
    .strictObject({
      storageClass: z.string().max(64).optional(),
      encryption: objectEncryptionSchema.optional(),
      acl: cannedAclSchema.optional(),
      tags: objectTagsSchema.optional(),
    })
    .optional(),
  customerKey: z
    .strictObject({ key: z.string().min(1).max(64), keyMd5: z.string().min(1).max(64) })
    .optional(),
})

export const pingRequestSchema = z.strictObject({ id: requestId, op: z.literal('ping') })

export const requestSchema = z.discriminatedUnion('op', [sendRequestSchema, pingRequestSchema])

// The hand-written types in protocol.ts and these schemas must describe the same requests.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const agree: Same<z.infer<typeof requestSchema>, DaemonRequest> = true
void agree
