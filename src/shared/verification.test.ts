import { describe, expect, it } from 'vitest'
import { readVerification, verificationText } from './verification'

describe('verification', () => {
  it('names the method for people', () => {
    expect(verificationText({ verified: true, method: 'full-object-crc32', detail: 'd' })).toBe(
      'Verified by full-object CRC32',
    )
    expect(verificationText({ verified: true, method: 'md5', detail: 'd' })).toBe('Verified by MD5 ETag')
    expect(verificationText({ verified: false, method: 'parts', reason: 'no checksum' })).toBe(
      'Parts checked, not verified: no checksum',
    )
    expect(verificationText({ verified: false, method: 'none', reason: 'skipped' })).toBe(
      'Not verified: skipped',
    )
  })

  it("reads older journals' verdicts: md5-etag is md5, an unverified one without a method proved nothing", () => {
    expect(readVerification({ verified: true, method: 'md5-etag', detail: 'x' })).toEqual({
      verified: true,
      method: 'md5',
      detail: 'x',
    })
    expect(readVerification({ verified: false, reason: 'opaque' })).toEqual({
      verified: false,
      method: 'none',
      reason: 'opaque',
    })
    expect(readVerification({ verified: false, method: 'parts', reason: 'r' })).toMatchObject({
      method: 'parts',
    })
    expect(readVerification({ verified: true, method: 'sha3' })).toBeUndefined()
    expect(readVerification(null)).toBeUndefined()
  })
})
