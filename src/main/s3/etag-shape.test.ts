import { describe, expect, it } from 'vitest'
import { GiB, MiB } from '../../shared/s3-limits'
import { candidatePartSizes, parseEtag } from './etag-shape'

describe('parseEtag', () => {
  it('tells a plain MD5 from a multipart ETag, quotes and case aside', () => {
    expect(parseEtag('"5D41402ABC4B2A76B9719D911017C592"')).toEqual({
      kind: 'md5',
      md5: '5d41402abc4b2a76b9719d911017c592',
    })
    expect(parseEtag('42d33973926db3ebf8f1b066200706bb-2')).toEqual({
      kind: 'multipart',
      md5: '42d33973926db3ebf8f1b066200706bb',
      parts: 2,
    })
  })

  it('calls SSE-KMS and foreign ETags opaque, with the reason', () => {
    expect(parseEtag('5d41402abc4b2a76b9719d911017c592', 'aws:kms')).toMatchObject({
      kind: 'opaque',
      reason: expect.stringMatching(/SSE-KMS/),
    })
    expect(parseEtag('W/"abc"')).toMatchObject({ kind: 'opaque' })
    expect(parseEtag('')).toMatchObject({ kind: 'opaque', reason: expect.stringMatching(/no ETag/) })
  })
})

describe('candidatePartSizes', () => {
  const splits = (size: number, parts: number) => (p: number) => Math.ceil(size / p) === parts

  it('trusts the first part size the server reports', () => {
    expect(candidatePartSizes(100 * MiB, 13, { firstPartSize: 8 * MiB })).toEqual([8 * MiB])
  })

  it('ignores a reported size that cannot give that many parts', () => {
    const out = candidatePartSizes(100 * MiB, 13, { firstPartSize: 5 * MiB })
    expect(out[0]).toBe(8 * MiB)
  })

  it('puts the 8 MiB of Ferry and aws-cli first', () => {
    expect(candidatePartSizes(100 * MiB, 13)[0]).toBe(8 * MiB)
  })

  it('finds the 5 MiB of lib-storage and rclone and the 15 MiB of s3cmd', () => {
    expect(candidatePartSizes(100 * MiB, 20)).toContain(5 * MiB)
    expect(candidatePartSizes(100 * MiB, 7)).toContain(15 * MiB)
  })

  it("finds aws-cli's doubled chunk size for objects beyond 10,000 x 8 MiB", () => {
    const size = 100 * GiB // 8 MiB would need 12,800 parts: aws-cli doubles to 16 MiB
    expect(candidatePartSizes(size, 6400)[0]).toBe(16 * MiB)
  })

  it("finds Ferry's own scaled part size (rounded up to a MiB)", () => {
    const size = 200 * GiB + 12345
    const ferry = Math.ceil(Math.ceil(size / 10_000) / MiB) * MiB
    expect(candidatePartSizes(size, Math.ceil(size / ferry))).toContain(ferry)
  })

  it('returns only sizes that split the object into exactly that many parts, at most max', () => {
    for (const [size, parts] of [
      [100 * MiB, 13],
      [10 * MiB + 1, 2],
      [7 * GiB, 700],
      [64 * MiB, 8],
    ] as const) {
      const out = candidatePartSizes(size, parts, { max: 4 })
      expect(out.length).toBeGreaterThan(0)
      expect(out.length).toBeLessThanOrEqual(4)
      expect(out.every(splits(size, parts))).toBe(true)
      expect(new Set(out).size).toBe(out.length)
    }
  })

  it('answers the whole size for a one-part multipart ETag', () => {
    expect(candidatePartSizes(12345, 1)).toEqual([12345])
  })
})
