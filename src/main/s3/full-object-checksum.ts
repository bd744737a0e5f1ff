// S3's full-object checksums (CRC32, CRC32C, CRC64NVME with checksum type FULL_OBJECT): the
// CRC of the whole object, whatever its parts, stored by the store and read back with HEAD and
// x-amz-checksum-mode: ENABLED. Unlike an ETag it survives SSE-KMS and SSE-C and stores whose
// multipart ETags are not MD5s of MD5s (R2), so it proves an upload where an ETag cannot.
//
// Ferry sends CRC32: Node has it natively (zlib.crc32, about 4 GiB/s here), while CRC32C and
// CRC64NVME exist only in JavaScript (@aws-sdk/checksums, about 0.35 GiB/s: more CPU than
// the MD5s themselves). The other two are computed only to check downloads of objects other
// tools stored with them. Values travel as S3 writes them: the big-endian bytes in base64.
import { crc32 as zlibCrc32 } from 'node:zlib'
import { Crc32cJs, Crc64NvmeJs } from '@aws-sdk/checksums/crc'
import { combineRuns, CRC32, CRC32C, CRC64NVME, type CrcSpec } from './crc-combine'

export type ChecksumAlgorithm = CrcSpec['name']

export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME']

/** The algorithm Ferry's uploads send: the only one Node computes natively. */
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

/** CRC32 of bytes, continuing from `previous` (0 to start): zlib's, native. */
export const crc32Of = (bytes: Uint8Array, previous = 0): number => zlibCrc32(bytes, previous)

/** A running CRC of bytes fed in order, for any of the three. */
export interface CrcHasher {
  update(bytes: Uint8Array): void
  value(): Promise<bigint>
}

export function crcHasher(algorithm: ChecksumAlgorithm): CrcHasher {
  if (algorithm === 'CRC32') {
    let crc = 0
    return {
      update: (bytes) => void (crc = zlibCrc32(bytes, crc)),
      value: () => Promise.resolve(BigInt(crc)),
    }
  }
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
