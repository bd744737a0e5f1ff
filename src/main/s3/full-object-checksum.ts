// S3's full-object checksums (CRC32, CRC32C, CRC64NVME with checksum type FULL_OBJECT): the
// CRC of the whole object, whatever its parts, stored by the store and read back with HEAD and
// x-amz-checksum-mode: ENABLED. Unlike an ETag it survives SSE-KMS and SSE-C and stores whose
// multipart ETags are not MD5s of MD5s (R2), so it proves an upload where an ETag cannot.
//
// Ferry sends CRC32, the cheapest of the three: native (./crc32: @node-rs/crc32, zlib.crc32
// where that cannot load), about a twentieth of the MD5s' CPU. CRC32C is native too but costs
// twice as much and needs the binding, and CRC64NVME exists only in JavaScript
// (@aws-sdk/checksums, about 0.35 GiB/s: more CPU than the MD5s themselves). Those two are
// computed only to check downloads of objects other tools stored with them. Values travel as
// S3 writes them: the big-endian bytes in base64.
import { Crc32cJs, Crc64NvmeJs } from '@aws-sdk/checksums/crc'
import { crc32, crc32Functions, type CrcFunction } from './crc32'
import { combineRuns, CRC32, CRC32C, CRC64NVME, type CrcSpec } from './crc-combine'

export type ChecksumAlgorithm = CrcSpec['name']

export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME']

/** The algorithm Ferry's uploads send: the cheapest, and native even without the binding. */
export const UPLOAD_CHECKSUM = 'CRC32' satisfies ChecksumAlgorithm
export type UploadChecksum = typeof UPLOAD_CHECKSUM

const SPECS: Record<ChecksumAlgorithm, CrcSpec> = { CRC32, CRC32C, CRC64NVME }

/** The header S3 carries a checksum in (x-amz-checksum-crc32...). */
export const checksumHeader = (algorithm: ChecksumAlgorithm): string =>
  `x-amz-checksum-${algorithm.toLowerCase()}`

/** What the verification names: full-object-crc32, full-object-crc32c, full-object-crc64nvme. */
export const checksumMethod = (algorithm: ChecksumAlgorithm) =>
  `full-object-${algorithm.toLowerCase()}` as `full-object-${Lowercase<ChecksumAlgorithm>}`

export function crcToBase64(algorithm: ChecksumAlgorithm, crc: bigint): string {
  const bytes = Buffer.alloc(SPECS[algorithm].width / 8)
  if (bytes.length === 4) bytes.writeUInt32BE(Number(crc))
  else bytes.writeBigUInt64BE(crc)
  return bytes.toString('base64')
}

/** A stored value read back; undefined when it is not a value of that algorithm's width. */
export function crcFromBase64(algorithm: ChecksumAlgorithm, text: string): bigint | undefined {
  const bytes = Buffer.from(text, 'base64')
  if (bytes.length !== SPECS[algorithm].width / 8 || bytes.toString('base64') !== text.trim())
    return undefined
  return bytes.length === 4 ? BigInt(bytes.readUInt32BE()) : bytes.readBigUInt64BE()
}

/** CRC32 of bytes, continuing from `previous` (0 to start): native (./crc32). */
export const crc32Of = crc32

/** A running CRC of bytes fed in order, for any of the three. */
export interface CrcHasher {
  update(bytes: Uint8Array): void
  value(): Promise<bigint>
}

function runningCrc(fn: CrcFunction): CrcHasher {
  let crc = 0
  return {
    update: (bytes) => void (crc = fn(bytes, crc)),
    value: () => Promise.resolve(BigInt(crc)),
  }
}

/** `functions`: the CRC32 functions in use; a test passes those of a failed binding. */
export function crcHasher(algorithm: ChecksumAlgorithm, functions = crc32Functions()): CrcHasher {
  const native = functions
  if (algorithm === 'CRC32') return runningCrc(native.crc32)
  if (algorithm === 'CRC32C' && native.crc32c) return runningCrc(native.crc32c)
  const js = algorithm === 'CRC32C' ? new Crc32cJs() : new Crc64NvmeJs()
  return {
    update: (bytes) => js.update(bytes),
    value: async () => {
      const digest = Buffer.from(await js.digest())
      return digest.length === 4 ? BigInt(digest.readUInt32BE()) : digest.readBigUInt64BE()
    },
  }
}

/** The whole object's CRC from its parts' CRCs and sizes, in part order. */
export const wholeCrc = (
  algorithm: ChecksumAlgorithm,
  parts: readonly { crc: bigint; size: number }[],
): bigint => combineRuns(SPECS[algorithm], parts)
