// An encrypted object's ETag (SSE-C; SSE-KMS for uploads) is an MD5 of the bytes on radosgw and
// not on AWS: a match proves the bytes, a difference proves nothing (nothing fails on it).
import { createHash, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { EtagHasher } from './etag-hasher'
import { parseEtag } from './etag-shape'
import { proveUpload } from './upload-proof'

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex')
const bytes = randomBytes(1000)

describe('SSE-C ETags', () => {
  it('parses as an MD5 that may not be one', () => {
    expect(parseEtag(md5(bytes), undefined, 'AES256')).toMatchObject({ kind: 'md5', unsure: /SSE-C/ })
    expect(parseEtag(`${md5(bytes)}-3`, undefined, 'AES256')).toMatchObject({ kind: 'multipart', parts: 3 })
    expect(parseEtag(md5(bytes))).not.toHaveProperty('unsure')
  })

  it('verifies the bytes when the ETag is their MD5 (radosgw)', () => {
    const hasher = new EtagHasher(parseEtag(md5(bytes), undefined, 'AES256'))
    hasher.update(bytes)
    expect(hasher.result(false)).toMatchObject({ verification: { verified: true, method: 'md5' } })
  })

  it('makes another ETag (AWS) no definite mismatch: checked by size, with why', () => {
    const hasher = new EtagHasher(parseEtag(md5(Buffer.from('other')), undefined, 'AES256'))
    hasher.update(bytes)
    expect(hasher.result(true)).toMatchObject({
      verification: { verified: false, method: 'size', reason: expect.stringContaining('SSE-C') },
      mismatch: true,
      definite: false,
    })
  })

  it('proves an upload by an equal ETag, and calls a different one no mismatch', () => {
    const etag = md5(bytes)
    const same = proveUpload({ etag, size: 1000, encryption: 'SSE-C' }, { etag, size: 1000 })
    expect(same.verification).toMatchObject({ verified: true, method: 'md5' })
    const other = proveUpload({ etag: 'a'.repeat(32), size: 1000, encryption: 'SSE-C' }, { etag, size: 1000 })
    expect(other.mismatch).toBe(false)
    expect(other.verification).toMatchObject({ verified: false, method: 'parts' })
    const shorter = proveUpload(
      { etag: 'a'.repeat(32), size: 999, encryption: 'SSE-C' },
      { etag, size: 1000 },
    )
    expect(shorter.mismatch).toBe(true)
  })

  it("proves an SSE-KMS upload whose multipart ETag equals the parts' (radosgw)", () => {
    const etag = `${md5(bytes)}-2`
    const out = proveUpload({ etag, size: 1000, encryption: 'aws:kms' }, { etag, size: 1000 })
    expect(out.verification).toMatchObject({ verified: true, method: 'multipart-etag' })
  })
})
