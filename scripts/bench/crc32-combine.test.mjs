import { randomBytes } from 'node:crypto'
import { crc32 } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { crc32Combine } from './crc32-combine.mjs'

describe('crc32Combine', () => {
  it.each([
    [0, 0],
    [0, 7],
    [9, 0],
    [1, 1],
    [3, 17],
    [1000, 65_537],
    [5 * 1024 * 1024, 5 * 1024 * 1024 + 3],
  ])('gives the CRC32 of A (%i bytes) followed by B (%i bytes)', (lengthA, lengthB) => {
    const a = randomBytes(lengthA)
    const b = randomBytes(lengthB)
    expect(crc32Combine(crc32(a), crc32(b), lengthB)).toBe(crc32(Buffer.concat([a, b])))
  })

  it("folds parts of uneven sizes into the whole object's CRC32, as the floor does", () => {
    const parts = [4096, 1, 70_000, 12_345, 3].map((n) => randomBytes(n))
    const whole = parts.reduce((acc, p) => crc32Combine(acc, crc32(p), p.length), 0)
    expect(whole).toBe(crc32(Buffer.concat(parts)))
  })

  it('is the catalogue check value for "123456789" split anywhere', () => {
    const text = Buffer.from('123456789')
    for (let cut = 0; cut <= text.length; cut++) {
      const a = text.subarray(0, cut)
      const b = text.subarray(cut)
      expect(crc32Combine(crc32(a), crc32(b), b.length)).toBe(0xcbf43926)
    }
  })
})
