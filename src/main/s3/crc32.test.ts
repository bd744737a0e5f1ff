import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { crc32 as zlibCrc32 } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { crc32, crc32Functions, crc32FunctionsFrom } from './crc32'
import { crcHasher } from './full-object-checksum'

const ascii = (text: string) => Buffer.from(text, 'ascii')
const iota = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => i))

// The binding this machine loads; the fallback is what a platform without it gets.
const native = crc32Functions()
const fallback = crc32FunctionsFrom(() => {
  throw new Error('Cannot find native binding')
})

describe('the CRC32 functions in use', () => {
  it('are the native binding here (a prebuilt one exists for this platform)', () => {
    expect(native.implementation).toBe('@node-rs/crc32')
    expect(native.crc32c).toBeTypeOf('function')
  })

  it('fall back to zlib.crc32, and to no CRC32C, when the binding cannot load', () => {
    expect(fallback).toEqual({ crc32: zlibCrc32, crc32c: undefined, implementation: 'zlib.crc32' })
  })

  it('the binding throws when it cannot load, which is what the fallback catches', () => {
    // NAPI_RS_NATIVE_LIBRARY_PATH makes the loader try that file only, as on a platform with
    // no prebuilt binary.
    const run = () =>
      execFileSync(process.execPath, ['-e', "require('@node-rs/crc32')"], {
        env: { ...process.env, NAPI_RS_NATIVE_LIBRARY_PATH: '/nonexistent/crc32.node' },
        stdio: 'pipe',
      })
    expect(run).toThrow(/Cannot find native binding/)
  })
})

describe('published test vectors', () => {
  // CRC-32/ISO-HDLC and CRC-32/ISCSI check values ("123456789"),
  // https://reveng.sourceforge.io/crc-catalogue/17plus.htm; CRC32C's 32-byte vectors from
  // RFC 3720 (iSCSI), appendix B.4.
  const crc32Vectors: [string, Buffer, number][] = [
    ['empty', Buffer.alloc(0), 0],
    ['"123456789"', ascii('123456789'), 0xcbf43926],
    [
      '"The quick brown fox jumps over the lazy dog"',
      ascii('The quick brown fox jumps over the lazy dog'),
      0x414fa339,
    ],
  ]
  const crc32cVectors: [string, Buffer, number][] = [
    ['"123456789"', ascii('123456789'), 0xe3069283],
    ['32 bytes of zeros', Buffer.alloc(32), 0x8a9136aa],
    ['32 bytes of 0xff', Buffer.alloc(32, 0xff), 0x62a8ab43],
    ['32 incrementing bytes', iota(32), 0x46dd794e],
    ['32 decrementing bytes', iota(32).reverse(), 0x113fdb5c],
  ]

  it.each(crc32Vectors)('CRC32 of %s, native and fallback', (_, bytes, want) => {
    expect(native.crc32(bytes, 0)).toBe(want)
    expect(fallback.crc32(bytes, 0)).toBe(want)
    expect(crc32(bytes)).toBe(want)
  })

  it.each(crc32cVectors)(
    'CRC32C of %s, native and through the JavaScript fallback',
    async (_, bytes, want) => {
      expect(native.crc32c?.(bytes, 0)).toBe(want)
      for (const functions of [native, fallback]) {
        const h = crcHasher('CRC32C', functions)
        h.update(bytes)
        expect(await h.value()).toBe(BigInt(want))
      }
    },
  )
})

describe('the native CRC32 against zlib.crc32', () => {
  const sizes = [1, 3, 15, 64, 4099, 65_536, 1_048_583]

  it.each(sizes)('the same value on %i random bytes, and on an unaligned view of them', (size) => {
    const bytes = randomBytes(size + 7)
    const whole = bytes.subarray(0, size)
    const unaligned = new Uint8Array(bytes.buffer, bytes.byteOffset + 3, size)
    expect(crc32(whole)).toBe(zlibCrc32(whole))
    expect(crc32(unaligned)).toBe(zlibCrc32(unaligned))
  })

  it('carries a CRC in from earlier chunks as zlib does, to the value of the whole', () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17)
    const whole = zlibCrc32(bytes)
    for (const chunk of [7, 1000, 65_536, 1024 * 1024 + 5]) {
      let running = 0
      let zlibRunning = 0
      let differing = 0
      for (let at = 0; at < bytes.length; at += chunk) {
        const piece = bytes.subarray(at, at + chunk)
        running = crc32(piece, running)
        zlibRunning = zlibCrc32(piece, zlibRunning)
        if (running !== zlibRunning) differing++
      }
      expect(differing).toBe(0)
      expect(running).toBe(whole)
    }
  })

  it('carries a CRC32C in from earlier chunks to the value of the whole', () => {
    const bytes = randomBytes(1024 * 1024 + 3)
    const c = native.crc32c!
    let running = 0
    for (let at = 0; at < bytes.length; at += 4096 + 1) running = c(bytes.subarray(at, at + 4097), running)
    expect(running).toBe(c(bytes, 0))
  })
})
