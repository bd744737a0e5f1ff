import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { EMPTY_MD5, etagShape, md5, multipartEtag, normalizeEtag } from './digests'

describe('digests', () => {
  it('computes the MD5 of bytes', () => {
    expect(md5(Buffer.from('hello')).toString('hex')).toBe('5d41402abc4b2a76b9719d911017c592')
    expect(EMPTY_MD5.toString('base64')).toBe('1B2M2Y8AsgTpgAmY7PhCfg==')
  })

  it('builds the multipart ETag from binary part digests', () => {
    const a = md5(Buffer.from('part one'))
    const b = md5(Buffer.from('part two'))
    const expected = createHash('md5')
      .update(Buffer.concat([a, b]))
      .digest('hex')
    expect(multipartEtag([a, b])).toBe(`${expected}-2`)
    // Hex digests concatenated as text give a different answer: the binary form is what S3 uses.
    expect(multipartEtag([a, b])).not.toBe(
      `${createHash('md5')
        .update(a.toString('hex') + b.toString('hex'))
        .digest('hex')}-2`,
    )
  })

  it('matches an ETag radosgw produced for one 5 MiB part', () => {
    // Measured: one part of 5 MiB with MD5 209371b2e4da6b64f54709521b0bbcf1 completes as
    // "7df6c196c4b0891b4a1edfc7ce424403-1".
    const part = Buffer.from('209371b2e4da6b64f54709521b0bbcf1', 'hex')
    expect(multipartEtag([part])).toBe('7df6c196c4b0891b4a1edfc7ce424403-1')
  })

  it('reads the shape of an ETag', () => {
    expect(normalizeEtag('"ABCDEF"')).toBe('abcdef')
    expect(etagShape('"5d41402abc4b2a76b9719d911017c592"')).toEqual({
      kind: 'md5',
      hex: '5d41402abc4b2a76b9719d911017c592',
    })
    expect(etagShape('"7df6c196c4b0891b4a1edfc7ce424403-12"')).toEqual({
      kind: 'multipart',
      hex: '7df6c196c4b0891b4a1edfc7ce424403',
      partCount: 12,
    })
    expect(etagShape('')).toEqual({ kind: 'opaque' })
    expect(etagShape('"not-an-md5"')).toEqual({ kind: 'opaque' })
  })
})
