// Choosing how an upload is proven, from what the store tells about the stored object:
// 1. its full-object CRC (HEAD with x-amz-checksum-mode: ENABLED) equals the one computed
//    from the file: the store computed it over the bytes it keeps, whatever its ETags are
//    (SSE-KMS and SSE-C on AWS, R2's multipart ETags);
// 2. else its ETag is an MD5 (or MD5 of part MD5s) that the file reproduces (radosgw and
//    most self-hosted stores);
// 3. else nothing about the whole object can be compared: what was proven is that every
//    part was accepted against its Content-MD5 and the part list completed as sent.
import type { Verification } from '../../shared/domain/transfer'
import { checksumMethod, crcFromBase64, crcToBase64, type ChecksumAlgorithm } from './full-object-checksum'
import { compareEtag, type Comparison } from './verify'

/** A checksum the store keeps for an object, as HEAD with checksum mode gives it. */
export interface StoredChecksum {
  algorithm: ChecksumAlgorithm
  /** Base64, as S3 writes it. */
  value: string
  /** FULL_OBJECT, COMPOSITE (a checksum of part checksums, "...-N"), or not said. */
  type: string | undefined
}

/** The checksum fields of a HeadObject (or GetObject) answer. */
export interface ChecksumFields {
  ChecksumCRC32?: string | undefined
  ChecksumCRC32C?: string | undefined
  ChecksumCRC64NVME?: string | undefined
  ChecksumType?: string | undefined
}

/** The whole-object CRC the store keeps, if any: a COMPOSITE value covers parts, not the object. */
export function storedChecksumOf(out: ChecksumFields): StoredChecksum | undefined {
  const type = out.ChecksumType
  if (type !== undefined && type !== 'FULL_OBJECT') return undefined
  const found: [ChecksumAlgorithm, string | undefined][] = [
    ['CRC64NVME', out.ChecksumCRC64NVME],
    ['CRC32', out.ChecksumCRC32],
    ['CRC32C', out.ChecksumCRC32C],
  ]
  for (const [algorithm, value] of found) {
    // A composite value without a type header still ends in "-N".
    if (value && !value.includes('-')) return { algorithm, value, type }
  }
  return undefined
}

/** What the store says of the stored object. */
export interface StoredFacts {
  etag: string
  size: number
  checksum?: StoredChecksum | undefined
  /** SSE-KMS or SSE-C: AWS gives such objects ETags that are not MD5s, even when they look it. */
  encryption?: string | undefined
}

/** What the file gives: its ETag as the upload made it, its size, and its CRC when computed. */
export interface LocalFacts {
  etag: string
  size: number
  crc?: { algorithm: ChecksumAlgorithm; value: bigint } | undefined
}

const PARTS_PROVEN =
  'every part was accepted against its Content-MD5 and the completed part list matched what was sent'

export function proveUpload(stored: StoredFacts, local: LocalFacts): Comparison {
  // An encrypted object's ETag (SSE-KMS, SSE-C) is an MD5 of the bytes on radosgw and not on
  // AWS: equal to the one the bytes give, it proves them; different, it proves nothing.
  const asIs = compareEtag(stored.etag, stored.size, local.etag, local.size)
  const byEtag =
    stored.encryption && asIs.mismatch ? compareEtag('encrypted', stored.size, local.etag, local.size) : asIs
  const sizeDiffers = stored.size !== local.size
  const checksum = stored.checksum
  if (!sizeDiffers && checksum && local.crc && checksum.algorithm === local.crc.algorithm) {
    const storedValue = crcFromBase64(checksum.algorithm, checksum.value)
    const localText = crcToBase64(local.crc.algorithm, local.crc.value)
    if (storedValue === local.crc.value) {
      // The ETag may still look like an MD5 and not be one (R2's multipart ETags): the CRC,
      // computed by the store over what it keeps, is the stronger statement.
      const etagNote = byEtag.mismatch ? `; the ETag ${stored.etag} is not an MD5 of the parts` : ''
      const verification: Verification = {
        verified: true,
        method: checksumMethod(checksum.algorithm),
        detail: `the stored full-object ${checksum.algorithm} ${checksum.value} equals the file's${etagNote}`,
      }
      return { mismatch: false, verification }
    }
    return {
      mismatch: true,
      verification: {
        verified: false,
        method: 'none',
        reason: `the stored full-object ${checksum.algorithm} is ${checksum.value}, the file gives ${localText}`,
      },
    }
  }
  const v = byEtag.verification
  if (v.verified || byEtag.mismatch) return byEtag
  const why = stored.encryption
    ? `the object is encrypted (${stored.encryption}), so its ETag may not be an MD5 of the bytes`
    : `its ETag "${stored.etag}" is not an MD5 of the bytes`
  return {
    mismatch: false,
    verification: {
      verified: false,
      method: 'parts',
      reason: `the store keeps no full-object checksum and ${why}; ${PARTS_PROVEN}`,
    },
  }
}
