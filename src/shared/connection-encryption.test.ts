import { describe, expect, it } from 'vitest'
import { connectionEncryptionSchema, storeKeyedEncryption } from './connection-encryption'

describe("a connection's default encryption", () => {
  it('asks uploads for the store-keyed kinds; SSE-C waits for its key to be read', () => {
    expect(storeKeyedEncryption(undefined)).toBeUndefined()
    expect(storeKeyedEncryption({ kind: 'sse-s3' })).toEqual({ kind: 'sse-s3' })
    expect(storeKeyedEncryption({ kind: 'sse-kms' })).toEqual({ kind: 'sse-kms' })
    expect(storeKeyedEncryption({ kind: 'sse-kms', keyId: 'k1' })).toEqual({ kind: 'sse-kms', keyId: 'k1' })
    expect(storeKeyedEncryption({ kind: 'sse-c', keyFile: '/k.bin' })).toBeUndefined()
  })

  it('refuses an SSE-C default without a key file, and any key material', () => {
    const empty = connectionEncryptionSchema.safeParse({ kind: 'sse-c', keyFile: ' ' })
    expect(empty.success).toBe(false)
    if (!empty.success) expect(empty.error.issues[0]!.message).toContain('32-byte SSE-C key')
    expect(connectionEncryptionSchema.safeParse({ kind: 'sse-c', keyFile: '/k', key: 'x' }).success).toBe(
      false,
    )
  })
})
