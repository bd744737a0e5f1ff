import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { compositeEtag, copyProof } from './copy-check'

const md5 = (text: string) => createHash('md5').update(text).digest('hex')

describe('copyProof', () => {
  it('accepts an equal ETag, without the size when the server gave none', () => {
    expect(copyProof({ size: 5, etag: `"${md5('hello')}"` }, { etag: md5('hello') })).toMatchObject({
      ok: true,
    })
  })

  it('refuses another size or another ETag', () => {
    expect(copyProof({ size: 5, etag: md5('a') }, { size: 4, etag: md5('a') })).toMatchObject({
      ok: false,
      reason: 'the copy has 4 bytes and the source 5',
    })
    expect(copyProof({ size: 5, etag: md5('a') }, { size: 5, etag: md5('b') })).toMatchObject({ ok: false })
  })

  it('accepts a multipart copy whose ETag is made of the parts the server copied', () => {
    const parts = [md5('one'), md5('two')]
    const etag = compositeEtag(parts)
    expect(etag).toMatch(/^[0-9a-f]{32}-2$/)
    expect(copyProof({ size: 6, etag: md5('onetwo') }, { size: 6, etag }, parts)).toMatchObject({ ok: true })
    expect(copyProof({ size: 6, etag: md5('onetwo') }, { size: 6, etag }, [parts[0]!])).toMatchObject({
      ok: false,
    })
  })

  it('falls back to the size only where ETags cannot be compared', () => {
    const kms = { size: 5, etag: 'abc', serverSideEncryption: 'aws:kms' }
    expect(copyProof(kms, { size: 5, etag: 'def', serverSideEncryption: 'aws:kms' })).toMatchObject({
      ok: true,
    })
    expect(copyProof(kms, { etag: 'def' })).toMatchObject({ ok: false })
  })
})
