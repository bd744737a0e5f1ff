import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { combineCrc, CRC32, CRC32C, CRC64NVME } from './crc-combine'
import {
  CHECKSUM_ALGORITHMS,
  crcFromBase64,
  crcHasher,
  crcToBase64,
  wholeCrc,
  type ChecksumAlgorithm,
} from './full-object-checksum'

const CHECK = Buffer.from('123456789')

const crcOf = async (algorithm: ChecksumAlgorithm, bytes: Uint8Array): Promise<bigint> => {
  const h = crcHasher(algorithm)
  h.update(bytes)
  return h.value()
}

describe('CRC check values', () => {
  // The "check" of each CRC's catalogue entry: its CRC of the ASCII bytes "123456789".
  // https://reveng.sourceforge.io/crc-catalogue/ (CRC-32/ISO-HDLC, CRC-32/ISCSI, CRC-64/NVME)
  it.each([
    ['CRC32', 0xcbf43926n],
    ['CRC32C', 0xe3069283n],
    ['CRC64NVME', 0xae8b14860a799888n],
  ] as const)('%s of "123456789" is the catalogue check value', async (algorithm, check) => {
    expect(await crcOf(algorithm, CHECK)).toBe(check)
  })

  it('encodes values as S3 does: big-endian bytes in base64', () => {
    // CRC32 of "hello world" is 0x0d4a1185 (zlib.crc32).
    expect(crcToBase64('CRC32', 0x0d4a1185n)).toBe('DUoRhQ==')
    expect(crcFromBase64('CRC32', 'DUoRhQ==')).toBe(0x0d4a1185n)
    expect(crcToBase64('CRC64NVME', 0xae8b14860a799888n)).toBe('rosUhgp5mIg=')
    expect(crcFromBase64('CRC64NVME', 'rosUhgp5mIg=')).toBe(0xae8b14860a799888n)
    // A value of the wrong width is no value of that algorithm.
    expect(crcFromBase64('CRC32', 'rosUhgp5mIg=')).toBeUndefined()
    expect(crcFromBase64('CRC32', 'not base64!')).toBeUndefined()
  })
})

describe('combineCrc', () => {
  it.each([
    ['CRC32', CRC32],
    ['CRC32C', CRC32C],
    ['CRC64NVME', CRC64NVME],
  ] as const)('%s: crc(A || B) from crc(A), crc(B) and |B| at every split', async (algorithm, spec) => {
    const whole = await crcOf(algorithm, CHECK)
    for (let cut = 0; cut <= CHECK.length; cut++) {
      const a = await crcOf(algorithm, CHECK.subarray(0, cut))
      const b = await crcOf(algorithm, CHECK.subarray(cut))
      expect(combineCrc(spec, a, b, CHECK.length - cut)).toBe(whole)
    }
  })

  it('combines uneven parts of random bytes into the whole CRC, for all three', async () => {
    const bytes = randomBytes(3 * 65_536 + 1234)
    const sizes = [65_536, 65_536, 65_536, 1234]
    for (const algorithm of CHECKSUM_ALGORITHMS) {
      const parts: { crc: bigint; size: number }[] = []
      let at = 0
      for (const size of sizes) {
        parts.push({ crc: await crcOf(algorithm, bytes.subarray(at, at + size)), size })
        at += size
      }
      expect(wholeCrc(algorithm, parts)).toBe(await crcOf(algorithm, bytes))
      // Parts in the wrong order give another value: the combine depends on the order.
      expect(wholeCrc(algorithm, [...parts].reverse())).not.toBe(await crcOf(algorithm, bytes))
    }
  })

  it('shifts past lengths beyond 4 GiB (parts of a 5 TiB object)', () => {
    // Appending n zero bytes to a run is the same as combining with the CRC of n zeros; for a
    // large n, compare two ways of reaching it: one shift of 2n and two shifts of n.
    const zeros = 5 * 1024 ** 4
    const once = combineCrc(CRC32, 0x12345678n, 0n, 2 * zeros)
    const twice = combineCrc(CRC32, combineCrc(CRC32, 0x12345678n, 0n, zeros), 0n, zeros)
    expect(once).toBe(twice)
    expect(once).not.toBe(0x12345678n)
  })

  it('refuses a negative or fractional length', () => {
    expect(() => combineCrc(CRC32, 1n, 2n, -1)).toThrow(RangeError)
    expect(() => combineCrc(CRC32, 1n, 2n, 1.5)).toThrow(RangeError)
  })
})
