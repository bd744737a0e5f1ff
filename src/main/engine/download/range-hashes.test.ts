import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MiB } from '../../../shared/s3-limits'
import { parseEtag } from '../../s3/etag-shape'
import { alignedRangeSize, RangeHashes } from './range-hashes'
import { rangesOf } from './range-plan'

const md5 = (b: Uint8Array) => createHash('md5').update(b).digest()
function multipartEtag(bytes: Buffer, partSize: number): string {
  const digests: Buffer[] = []
  for (let i = 0; i < bytes.length; i += partSize) digests.push(md5(bytes.subarray(i, i + partSize)))
  return `${createHash('md5').update(Buffer.concat(digests)).digest('hex')}-${digests.length}`
}

describe('alignedRangeSize', () => {
  it('keeps a requested size that is a whole number of parts', () => {
    expect(alignedRangeSize(16 * MiB, 8 * MiB)).toBe(16 * MiB)
    expect(alignedRangeSize(8 * MiB, 8 * MiB)).toBe(8 * MiB)
  })

  it('takes the part size when none is requested, or a smaller size that divides it', () => {
    expect(alignedRangeSize(undefined, 5 * MiB)).toBe(5 * MiB)
    expect(alignedRangeSize(8 * MiB, 16 * MiB)).toBe(16 * MiB)
  })

  it('keeps the request when the parts are huge, tiny, unknown or unrelated to it', () => {
    expect(alignedRangeSize(8 * MiB, 512 * MiB)).toBe(8 * MiB)
    expect(alignedRangeSize(undefined, 512 * MiB)).toBeUndefined()
    expect(alignedRangeSize(8 * MiB, undefined)).toBe(8 * MiB)
    expect(alignedRangeSize(8 * MiB, 5 * MiB)).toBe(8 * MiB)
  })
})

describe('RangeHashes', () => {
  // 3.5 parts of 256 bytes in ranges of two parts: the last range holds the short last part.
  const bytes = randomBytes(256 * 3 + 128)
  const shape = parseEtag(multipartEtag(bytes, 256))

  it('is only for multipart ETags whose parts the ranges do not straddle', () => {
    expect(RangeHashes.of(shape, rangesOf(bytes.length, 512), 256)).toBeDefined()
    expect(RangeHashes.of(shape, rangesOf(bytes.length, 300), 256)).toBeUndefined()
    expect(
      RangeHashes.of(parseEtag(md5(bytes).toString('hex')), rangesOf(bytes.length, 512), 256),
    ).toBeUndefined()
    expect(RangeHashes.of(shape, rangesOf(bytes.length, 512), undefined)).toBeUndefined()
  })

  it('reproduces the multipart ETag from ranges hashed out of order, in any chunking', () => {
    const plan = rangesOf(bytes.length, 512)
    const hashes = RangeHashes.of(shape, plan, 256)!
    for (const range of [...plan.ranges].reverse()) {
      const hash = hashes.of(range)
      for (let at = range.start; at < range.end; at += 100)
        hash.update(bytes.subarray(at, Math.min(at + 100, range.end)))
    }
    const verdict = hashes.hasher(shape).result(false)
    expect(verdict.mismatch).toBe(false)
    expect(verdict.verification.method).toBe('multipart-etag')
  })

  it('finds one changed byte, and refuses to judge before every range is hashed', () => {
    const plan = rangesOf(bytes.length, 512)
    const hashes = RangeHashes.of(shape, plan, 256)!
    const altered = Buffer.from(bytes)
    altered[700] = altered[700]! ^ 1
    expect(() => hashes.hasher(shape)).toThrow(/never hashed/)
    for (const range of plan.ranges) hashes.of(range).update(altered.subarray(range.start, range.end))
    expect(hashes.hasher(shape).result(true).mismatch).toBe(true)
  })

  it('hashes ranges kept from an earlier run from the partial file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ferry-range-hashes-'))
    try {
      const path = join(dir, 'partial')
      await writeFile(path, bytes)
      const file = await open(path, 'r')
      const plan = rangesOf(bytes.length, 512)
      const hashes = RangeHashes.of(shape, plan, 256)!
      await hashes.hashKept(file, [plan.ranges[0]!])
      hashes.of(plan.ranges[1]!).update(bytes.subarray(512))
      await file.close()
      expect(hashes.hasher(shape).result(false).mismatch).toBe(false)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
