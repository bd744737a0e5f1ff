import { describe, expect, it } from 'vitest'
import { crcToBase64 } from './full-object-checksum'
import { proveUpload, storedChecksumOf } from './upload-proof'

const md5Etag = '5d41402abc4b2a76b9719d911017c592'
const crc = { algorithm: 'CRC32' as const, value: 0x0d4a1185n }
const crcText = crcToBase64('CRC32', crc.value)

describe('storedChecksumOf', () => {
  it('takes a full-object CRC and leaves composite ones alone', () => {
    expect(storedChecksumOf({ ChecksumCRC32: crcText, ChecksumType: 'FULL_OBJECT' })).toEqual({
      algorithm: 'CRC32',
      value: crcText,
      type: 'FULL_OBJECT',
    })
    expect(storedChecksumOf({ ChecksumCRC32C: 'AAAAAA==-3', ChecksumType: 'COMPOSITE' })).toBeUndefined()
    expect(storedChecksumOf({ ChecksumCRC32: 'AAAAAA==-3' })).toBeUndefined()
    expect(storedChecksumOf({})).toBeUndefined()
  })
})

describe('proveUpload', () => {
  it('proves by the full-object CRC when the store keeps one, whatever the ETag', () => {
    const stored = {
      etag: 'kms-opaque-etag',
      size: 11,
      checksum: storedChecksumOf({ ChecksumCRC32: crcText }),
    }
    const out = proveUpload(stored, { etag: md5Etag, size: 11, crc })
    expect(out).toMatchObject({
      mismatch: false,
      verification: { verified: true, method: 'full-object-crc32' },
    })
  })

  it('trusts a matching CRC over an ETag shaped like an MD5 that is not one (R2 multipart)', () => {
    const stored = {
      etag: `${'0'.repeat(32)}-2`,
      size: 11,
      checksum: storedChecksumOf({ ChecksumCRC32: crcText }),
    }
    const out = proveUpload(stored, { etag: `${'1'.repeat(32)}-2`, size: 11, crc })
    expect(out.verification).toMatchObject({ verified: true, method: 'full-object-crc32' })
  })

  it('calls a different stored CRC a mismatch', () => {
    const stored = { etag: md5Etag, size: 11, checksum: storedChecksumOf({ ChecksumCRC32: 'AAAAAA==' }) }
    const out = proveUpload(stored, { etag: md5Etag, size: 11, crc })
    expect(out).toMatchObject({ mismatch: true, verification: { verified: false, method: 'none' } })
  })

  it('falls back to the ETag where the store keeps no checksum (radosgw)', () => {
    const out = proveUpload({ etag: md5Etag, size: 11 }, { etag: md5Etag, size: 11, crc })
    expect(out.verification).toMatchObject({ verified: true, method: 'md5' })
  })

  it('says what was proven when neither holds: the parts, with a reason', () => {
    const out = proveUpload({ etag: 'opaque', size: 11 }, { etag: md5Etag, size: 11, crc })
    expect(out.mismatch).toBe(false)
    expect(out.verification).toMatchObject({ verified: false, method: 'parts' })
    expect(out.verification.verified === false && out.verification.reason).toMatch(
      /no full-object checksum.*Content-MD5/,
    )
  })

  it('a size that differs is a mismatch before any checksum', () => {
    const stored = { etag: 'opaque', size: 12, checksum: storedChecksumOf({ ChecksumCRC32: crcText }) }
    expect(proveUpload(stored, { etag: md5Etag, size: 11, crc }).mismatch).toBe(true)
  })
})

describe('proveUpload of encrypted objects', () => {
  it("does not call an SSE-KMS object's ETag a mismatch: it is not an MD5, even when it looks like one", () => {
    const stored = { etag: 'a'.repeat(32), size: 11, encryption: 'aws:kms' }
    const out = proveUpload(stored, { etag: md5Etag, size: 11, crc })
    expect(out.mismatch).toBe(false)
    expect(out.verification).toMatchObject({ verified: false, method: 'parts' })
    expect(out.verification.verified === false && out.verification.reason).toContain('encrypted (aws:kms)')
  })

  it('proves an SSE-KMS object by its full-object CRC', () => {
    const stored = {
      etag: 'a'.repeat(32),
      size: 11,
      encryption: 'aws:kms',
      checksum: storedChecksumOf({ ChecksumCRC32: crcText, ChecksumType: 'FULL_OBJECT' }),
    }
    expect(proveUpload(stored, { etag: md5Etag, size: 11, crc }).verification).toMatchObject({
      verified: true,
      method: 'full-object-crc32',
    })
  })
})
