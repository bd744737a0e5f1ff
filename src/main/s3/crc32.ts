// CRC32 and CRC32C for full-object checksums, from @node-rs/crc32: N-API, prebuilt for each
// platform, using the CPU's carry-less multiply (about 0.08 CPU-s per GiB for CRC32 here,
// against zlib.crc32's 0.22, and 0.18 for CRC32C against 2.4 in JavaScript). Every upload to a
// store that keeps checksums computes one over all its bytes, so this is most of what the
// proof costs (docs/performance.md, "What the full-object CRC costs").
//
// The binding is loaded on first use, not at import: a CLI command that computes no CRC does
// not pay for finding it. Where it cannot load (a platform with no prebuilt binary, a package
// whose .node file was not unpacked from app.asar), CRC32 falls back to zlib.crc32, Node's
// own, with the same values, and CRC32C to none: callers compute it in JavaScript then.
import { createRequire } from 'node:module'
import { crc32 as zlibCrc32 } from 'node:zlib'

/** A CRC of bytes continuing from `previous` (0 to start), as zlib.crc32 and @node-rs/crc32 take it. */
export type CrcFunction = (bytes: Uint8Array, previous: number) => number

export interface Crc32Functions {
  crc32: CrcFunction
  /** Undefined without the native binding. */
  crc32c: CrcFunction | undefined
  /** Which implementation is in use: the bench and the tests say so. */
  implementation: '@node-rs/crc32' | 'zlib.crc32'
}

/** What @node-rs/crc32 exports. */
interface NativeCrc32 {
  crc32: CrcFunction
  crc32c: CrcFunction
}

/** The native functions from `load`, or zlib's CRC32 alone when it throws. */
export function crc32FunctionsFrom(load: () => NativeCrc32): Crc32Functions {
  try {
    const native = load()
    return { crc32: native.crc32, crc32c: native.crc32c, implementation: '@node-rs/crc32' }
  } catch {
    return { crc32: zlibCrc32, crc32c: undefined, implementation: 'zlib.crc32' }
  }
}

let loaded: Crc32Functions | undefined

/** The functions in use, the binding loaded on the first call. */
export const crc32Functions = (): Crc32Functions =>
  // Not a `require` of our own: electron-vite's ESM shim declares one in chunks that use it.
  (loaded ??= crc32FunctionsFrom(() => createRequire(import.meta.url)('@node-rs/crc32') as NativeCrc32))

/** CRC32 (CRC-32/ISO-HDLC, zlib's) of bytes, continuing from `previous` (0 to start). */
export const crc32 = (bytes: Uint8Array, previous = 0): number => crc32Functions().crc32(bytes, previous)
