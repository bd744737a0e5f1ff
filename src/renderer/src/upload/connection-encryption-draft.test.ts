import { describe, expect, it } from 'vitest'
import { connectionEncryptionOf, encryptionDraftOf } from './connection-encryption-draft'

describe("the connection form's encryption", () => {
  it('the form shows what is saved, and saves what it shows', () => {
    for (const e of [
      { kind: 'sse-s3' as const },
      { kind: 'sse-kms' as const, keyId: 'k1' },
      { kind: 'sse-kms' as const },
      { kind: 'sse-c' as const, keyFile: '/keys/a.bin' },
    ])
      expect(connectionEncryptionOf(encryptionDraftOf(e))).toEqual({ ok: true, value: e })
    expect(connectionEncryptionOf(encryptionDraftOf(undefined))).toEqual({ ok: true, value: undefined })
    expect(connectionEncryptionOf({ encryption: 'sse-c', kmsKeyId: '', keyFile: '' }).ok).toBe(false)
  })
})
