import { describe, expect, it } from 'vitest'
import { isMd5Hex, md5FromText, offeredDigests } from './source-digest'

// MD5 and SHA-256 of "hello world".
const MD5_HEX = '5eb63bbbe01eeed093cb22bb8f5acdc3'
const MD5_B64 = 'XrY7u+Ae7tCTyyK7j1rNww=='
const SHA_HEX = 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9'
const SHA_B64 = 'uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek='

describe('offeredDigests', () => {
  it('reads Content-MD5 as base64', () => {
    expect(offeredDigests({ 'content-md5': MD5_B64 })).toEqual([
      { algorithm: 'md5', hex: MD5_HEX, from: 'Content-MD5 header' },
    ])
  })

  it('reads an RFC 3230 Digest list, MD5 first, ignoring algorithms it does not know', () => {
    expect(offeredDigests({ digest: `SHA-256=${SHA_B64}, unixsum=30637, MD5=${MD5_B64}` })).toEqual([
      { algorithm: 'md5', hex: MD5_HEX, from: 'Digest header' },
      { algorithm: 'sha-256', hex: SHA_HEX, from: 'Digest header' },
    ])
  })

  it('reads RFC 9530 Repr-Digest byte sequences between colons', () => {
    expect(offeredDigests({ 'repr-digest': `sha-256=:${SHA_B64}:` })).toEqual([
      { algorithm: 'sha-256', hex: SHA_HEX, from: 'Repr-Digest header' },
    ])
    // Without the colons it is not a structured byte sequence.
    expect(offeredDigests({ 'repr-digest': `sha-256=${SHA_B64}` })).toEqual([])
  })

  it('drops values of the wrong length or that are not base64', () => {
    expect(offeredDigests({ 'content-md5': 'AAAA' })).toEqual([])
    expect(offeredDigests({ 'content-md5': MD5_HEX })).toEqual([])
    expect(offeredDigests({ digest: 'md5=!!!' })).toEqual([])
    expect(offeredDigests({})).toEqual([])
  })
})

describe('md5 text', () => {
  it('finds the digest in md5sum and BSD output', () => {
    expect(md5FromText(`${MD5_HEX.toUpperCase()}  big.bin\n`)).toBe(MD5_HEX)
    expect(md5FromText(`MD5 (big.bin) = ${MD5_HEX}\n`)).toBe(MD5_HEX)
  })

  it('takes no longer hex run (a SHA-256) for an MD5', () => {
    expect(md5FromText(`${SHA_HEX}  big.bin`)).toBeUndefined()
    expect(md5FromText('no digest here')).toBeUndefined()
  })

  it('accepts exactly 32 hex digits as a bare MD5', () => {
    expect(isMd5Hex(MD5_HEX)).toBe(true)
    expect(isMd5Hex(MD5_HEX.slice(1))).toBe(false)
    expect(isMd5Hex(`${MD5_HEX}0`)).toBe(false)
  })
})
