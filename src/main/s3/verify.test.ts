import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { MiB } from '../../shared/s3-limits'
import { md5, multipartEtag } from './digests'
import { compareEtag, localEtag, partSizeCandidates } from './verify'

describe('partSizeCandidates', () => {
  it('offers only sizes that give the ETag part count, hints first', () => {
    const size = 100 * MiB + 1
    const c = partSizeCandidates(size, 13, [8 * MiB, 5 * MiB])
    expect(c[0]).toBe(8 * MiB)
    expect(c).not.toContain(5 * MiB) // 21 parts, not 13
    for (const ps of c) expect(Math.ceil(size / ps)).toBe(13)
  })

  it("finds aws-cli's 8 MiB, rclone's 5 MiB and a whole-MiB minimum without hints", () => {
    expect(partSizeCandidates(17 * MiB, 3)).toContain(8 * MiB)
    expect(partSizeCandidates(12 * MiB, 3)).toContain(5 * MiB)
    // 10,000 parts of a 60 GiB file: Ferry raises the part size to 7 MiB.
    expect(partSizeCandidates(60 * 1024 * MiB, Math.ceil((60 * 1024) / 7))[0]).toBe(7 * MiB)
  })

  it('offers nothing when no size fits', () => {
    expect(partSizeCandidates(10, 3)).toEqual([4])
    expect(partSizeCandidates(2, 3)).toEqual([])
  })
})

describe('compareEtag', () => {
  it('verifies a matching MD5 or multipart ETag and says how', () => {
    expect(compareEtag('"abc"', 3, 'abc', 3).verification).toMatchObject({ verified: false })
    const hex = createHash('md5').update('x').digest('hex')
    expect(compareEtag(`"${hex}"`, 1, hex, 1)).toEqual({
      mismatch: false,
      verification: { verified: true, method: 'md5', detail: expect.stringContaining(hex) },
    })
    const multi = multipartEtag([md5(Buffer.from('a')), md5(Buffer.from('b'))])
    expect(compareEtag(multi.toUpperCase(), 2, multi, 2).verification).toMatchObject({
      verified: true,
      method: 'multipart-etag',
    })
  })

  it('reports a mismatch of bytes or size, and an opaque ETag as unverifiable but not a mismatch', () => {
    const hex = createHash('md5').update('x').digest('hex')
    expect(compareEtag(hex, 1, createHash('md5').update('y').digest('hex'), 1).mismatch).toBe(true)
    expect(compareEtag(hex, 2, hex, 1)).toMatchObject({
      mismatch: true,
      verification: { reason: 'the object has 2 bytes, the file 1' },
    })
    expect(compareEtag('"kms-style-etag"', 1, hex, 1)).toMatchObject({
      mismatch: false,
      verification: { verified: false },
    })
  })
})

describe('localEtag', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-etag-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('gives the MD5 of a file and the multipart ETag for a part size, reading in chunks', async () => {
    const bytes = randomBytes(11 * MiB + 7)
    const path = join(dir, 'f.bin')
    writeFileSync(path, bytes)
    expect(await localEtag(path, bytes.length, undefined)).toBe(createHash('md5').update(bytes).digest('hex'))
    const parts = [bytes.subarray(0, 5 * MiB), bytes.subarray(5 * MiB, 10 * MiB), bytes.subarray(10 * MiB)]
    expect(await localEtag(path, bytes.length, 5 * MiB)).toBe(multipartEtag(parts.map((p) => md5(p))))
    // Parts larger than the read chunk (8 MiB) are hashed across several reads.
    expect(await localEtag(path, bytes.length, 10 * MiB)).toBe(
      multipartEtag([md5(bytes.subarray(0, 10 * MiB)), md5(bytes.subarray(10 * MiB))]),
    )
  })

  it('handles a file of exactly k parts and an empty file', async () => {
    const bytes = randomBytes(2 * 5 * MiB)
    const path = join(dir, 'k.bin')
    writeFileSync(path, bytes)
    expect(await localEtag(path, bytes.length, 5 * MiB)).toMatch(/-2$/)
    writeFileSync(join(dir, 'empty'), '')
    expect(await localEtag(join(dir, 'empty'), 0, undefined)).toBe('d41d8cd98f00b204e9800998ecf8427e')
  })
})
