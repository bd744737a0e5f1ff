// A connection's default encryption: what the app's uploads ask for unless the upload sheet
// chooses otherwise. For SSE-C the connection names the key's file, never the key: main reads
// the file when a transfer needs it (uploads, and reads of objects written with it), so the
// settings file holds a path, not the secret.
import { z } from 'zod'
import type { ObjectEncryption } from './encryption'

export const connectionEncryptionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('sse-s3') }),
  /** No key id: the store's default KMS key. */
  z.strictObject({ kind: z.literal('sse-kms'), keyId: z.string().trim().max(2048).optional() }),
  z.strictObject({
    kind: z.literal('sse-c'),
    keyFile: z.string().trim().min(1, 'Name the file that holds the 32-byte SSE-C key.').max(4096),
  }),
])
export type ConnectionEncryption = z.infer<typeof connectionEncryptionSchema>

/** The upload encryption a store-keyed default asks for; SSE-C needs its key read first (main). */
export function storeKeyedEncryption(d: ConnectionEncryption | undefined): ObjectEncryption | undefined {
  if (d?.kind === 'sse-s3') return { kind: 'sse-s3' }
  if (d?.kind === 'sse-kms') return { kind: 'sse-kms', ...(d.keyId ? { keyId: d.keyId } : {}) }
  return undefined
}
