import { createHash, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { EtagHasher } from './etag-hasher'
import { parseEtag } from './etag-shape'

const md5 = (b: Uint8Array) => createHash('md5').update(b).digest()
function multipartEtag(bytes: Buffer, partSize: number): string {
  const digests: Buffer[] = []
  for (let i = 0; i < bytes.length; i += partSize) digests.push(md5(bytes.subarray(i, i + partSize)))
  return `${createHash('md5').update(Buffer.concat(digests)).digest('hex')}-${digests.length}`
}
function feed(hasher: EtagHasher, bytes: Buffer, chunk: number) {
  for (let i = 0; i < bytes.length; i += chunk) hasher.update(bytes.subarray(i, i + chunk))
}

describe('EtagHasher', () => {
  const bytes = randomBytes(1000)

  it('verifies a plain MD5 ETag whatever the chunking', () => {
    const hasher = new EtagHasher(parseEtag(md5(bytes).toString('hex')))
    feed(hasher, bytes, 7)
    expect(hasher.result(false)).toMatchObject({
      verification: { verified: true, method: 'md5' },
      mismatch: false,
    })
  })

  it('finds a plain MD5 mismatch definite', () => {
    const hasher = new EtagHasher(parseEtag(md5(Buffer.from('other')).toString('hex')))
    feed(hasher, bytes, 64)
    expect(hasher.result(false)).toMatchObject({
      verification: { verified: false },
      mismatch: true,
      definite: true,
    })
  })

  it('recomputes a multipart ETag with chunks that straddle part boundaries', () => {
    const etag = multipartEtag(bytes, 300) // 4 parts: 300, 300, 300, 100
    const hasher = new EtagHasher(parseEtag(etag), [256, 300])
    feed(hasher, bytes, 77)
    const result = hasher.result(false)
    expect(result.verification).toMatchObject({
      verified: true,
      method: 'multipart-etag',
      detail: expect.stringMatching(/4 parts of 300 B.*inferred/),
    })
  })

  it('handles an object of exactly k parts (no empty last part)', () => {
    const etag = multipartEtag(bytes, 250)
    const hasher = new EtagHasher(parseEtag(etag), [250])
    feed(hasher, bytes, 1000)
    expect(hasher.result(true).verification.verified).toBe(true)
  })

  it('says a mismatch with only guessed part sizes is not definite', () => {
    const hasher = new EtagHasher(parseEtag(multipartEtag(bytes, 300)), [256])
    feed(hasher, bytes, 100)
    expect(hasher.result(false)).toMatchObject({
      mismatch: true,
      definite: false,
      verification: { verified: false, reason: expect.stringMatching(/part size/) },
    })
  })

  it("says a mismatch with the server's part size is definite", () => {
    const damaged = Buffer.from(bytes)
    damaged[500]! ^= 1
    const hasher = new EtagHasher(parseEtag(multipartEtag(bytes, 300)), [300])
    feed(hasher, damaged, 100)
    expect(hasher.result(true)).toMatchObject({ mismatch: true, definite: true })
  })
})
