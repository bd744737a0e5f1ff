import { describe, expect, it } from 'vitest'
import { readVerification, verificationText } from './verification'

describe('verification', () => {
  it('names the method for people', () => {
    expect(verificationText({ verified: true, method: 'full-object-crc32', detail: 'd' })).toBe(
      'Verified · full-object CRC32',
    )
    expect(verificationText({ verified: true, method: 'full-object-crc64nvme', detail: 'd' })).toBe(
      'Verified · full-object CRC64NVME',
    )
    expect(verificationText({ verified: true, method: 'md5', detail: 'd' })).toBe('Verified · MD5 ETag')
    expect(verificationText({ verified: false, method: 'parts', reason: 'no checksum' })).toBe(
      'Not proven: parts only — no checksum',
    )
    expect(verificationText({ verified: false, method: 'size', reason: 'SSE-KMS' })).toBe(
      'Not proven: size only — SSE-KMS',
    )
    expect(verificationText({ verified: false, method: 'none', reason: 'skipped' })).toBe(
      'Not proven — skipped',
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
