// AWS's documented checksum rules, for the S3 stub (stub-s3.mjs), which no server here has
// (radosgw 16 ignores x-amz-checksum-*):
// - PutObject and UploadPart with x-amz-checksum-<alg>: the body is checked against it (400
//   BadDigest when it differs), the value is kept and echoed; a PutObject's is FULL_OBJECT.
// - CreateMultipartUpload with x-amz-checksum-algorithm and x-amz-checksum-type (FULL_OBJECT
//   or COMPOSITE; CRC64NVME is full-object only, SHA1 and SHA256 composite only): echoed. A
//   part's checksum of another algorithm is refused (400 InvalidRequest).
// - CompleteMultipartUpload: a part listed with a checksum must match the one kept (400
//   InvalidPart); a whole-object x-amz-checksum-<alg> must equal the CRC of the parts
//   combined (400 BadDigest); the type, if sent, must be the upload's (400 BadDigest).
// - HeadObject with x-amz-checksum-mode: ENABLED answers x-amz-checksum-<alg> and
//   x-amz-checksum-type; without it, neither.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
//
// The stub keeps no bytes, so a full-object CRC of a multipart upload is combined from the
// parts' CRCs: crc(A || B) = crc(B) ^ crc32(zeros(|B|), crc(A)) ^ crc32(zeros(|B|), 0), which
// holds because a CRC is affine in its start value and its bytes. zlib continues a CRC32 from
// any value; the JavaScript CRC32C and CRC64NVME cannot, so those are refused for full-object
// multipart uploads (501): Ferry sends CRC32.
import { createHash } from 'node:crypto'
import { crc32 } from 'node:zlib'
import { Crc32cJs, Crc64NvmeJs } from '@aws-sdk/checksums/crc'

export const ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256']
const FULL_OBJECT_ONLY = new Set(['CRC64NVME'])
const COMPOSITE_ONLY = new Set(['SHA1', 'SHA256'])

/** A running checksum of one algorithm; digest() gives the raw bytes. */
export function hasherOf(algorithm) {
  switch (algorithm) {
    case 'CRC32': {
      let value = 0
      return {
        update: (chunk) => void (value = crc32(chunk, value)),
        digest: () => {
          const out = Buffer.alloc(4)
          out.writeUInt32BE(value)
          return out
        },
      }
    }
    case 'CRC32C':
    case 'CRC64NVME': {
      const js = algorithm === 'CRC32C' ? new Crc32cJs() : new Crc64NvmeJs()
      let digest
      return {
        update: (chunk) => js.update(chunk),
        // The JS classes answer a promise; the stub awaits it before digest() (see settle).
        settle: async () => void (digest = Buffer.from(await js.digest())),
        digest: () => digest,
      }
    }
    default: {
      const hash = createHash(algorithm === 'SHA1' ? 'sha1' : 'sha256')
      let digest
      return { update: (c) => hash.update(c), digest: () => (digest ??= hash.digest()) }
    }
  }
}

const headerOf = (algorithm) => `x-amz-checksum-${algorithm.toLowerCase()}`

/** The checksum a request carries: { algorithm, value } or undefined; { error } for two at once. */
export function sentChecksum(headers) {
  const found = ALGORITHMS.filter((a) => headers[headerOf(a)] !== undefined)
  if (found.length > 1) return { error: 'Expecting a single x-amz-checksum- header' }
  if (found.length === 0) return undefined
  return { algorithm: found[0], value: String(headers[headerOf(found[0])]) }
}

/** The checksum settings of a CreateMultipartUpload, or { error }. */
export function uploadChecksumOf(headers) {
  const raw = headers['x-amz-checksum-algorithm']
  if (raw === undefined) return undefined
  const algorithm = String(raw).toUpperCase()
  if (!ALGORITHMS.includes(algorithm)) return { error: `Checksum algorithm ${raw} is not supported` }
  const sentType = headers['x-amz-checksum-type']
  const type = sentType
    ? String(sentType).toUpperCase()
    : FULL_OBJECT_ONLY.has(algorithm)
      ? 'FULL_OBJECT'
      : 'COMPOSITE'
  if (type !== 'FULL_OBJECT' && type !== 'COMPOSITE')
    return { error: `Checksum type ${sentType} is not valid` }
  if (type === 'COMPOSITE' && FULL_OBJECT_ONLY.has(algorithm))
    return { error: `The ${algorithm} algorithm supports only the FULL_OBJECT checksum type` }
  if (type === 'FULL_OBJECT' && COMPOSITE_ONLY.has(algorithm))
    return { error: `The ${algorithm} algorithm supports only the COMPOSITE checksum type` }
  if (type === 'FULL_OBJECT' && algorithm !== 'CRC32')
    return { notImplemented: `the stub combines only CRC32 parts into a full-object checksum` }
  return { algorithm, type }
}

/** The headers that carry a kept checksum back (HEAD with checksum mode, PUT answers). */
export const checksumHeaders = (kept) =>
  kept ? { [headerOf(kept.algorithm)]: kept.value, 'x-amz-checksum-type': kept.type } : {}

const ZEROS = Buffer.alloc(8 * 1024 * 1024)

/** CRC32 of `length` zero bytes continued from `start`. */
function crc32OfZeros(start, length) {
  let value = start
  for (let left = length; left > 0; left -= ZEROS.length)
    value = crc32(ZEROS.subarray(0, Math.min(left, ZEROS.length)), value)
  return value
}

/** The full-object CRC32 (base64) of parts given as { crc: Buffer(4), size } in order. */
export function combinedCrc32(parts) {
  let value = 0
  for (const { crc, size } of parts)
    value = (crc.readUInt32BE() ^ crc32OfZeros(value, size) ^ crc32OfZeros(0, size)) >>> 0
  const out = Buffer.alloc(4)
  out.writeUInt32BE(value)
  return out.toString('base64')
}

/** A composite checksum: the algorithm over the parts' raw checksums, then "-N". */
export function compositeOf(algorithm, partDigests) {
  const hasher = hasherOf(algorithm)
  for (const d of partDigests) hasher.update(d)
  return hasher
}

/** The error answer for a body whose checksum differs from the one sent. */
export const badDigestMessage = (algorithm) =>
  `The ${algorithm} you specified did not match the calculated checksum.`

/** A value an SSE-KMS (or SSE-C) object gets as its ETag on AWS: hex, but not the MD5. */
export const opaqueEtag = (seed) =>
  createHash('sha256').update(`stub-etag:${seed}`).digest('hex').slice(0, 32)

/**
 * SSE-KMS or SSE-C asked for (or the bucket's default, `kmsByDefault`): AWS gives such objects
 * ETags that are not MD5s, and names the encryption in its answers.
 */
export const encryptionOf = (headers, kmsByDefault = false) => {
  const sse = headers['x-amz-server-side-encryption']
  if (typeof sse === 'string' && sse.startsWith('aws:kms')) return { 'x-amz-server-side-encryption': sse }
  const customer = headers['x-amz-server-side-encryption-customer-algorithm']
  if (customer) return { 'x-amz-server-side-encryption-customer-algorithm': String(customer) }
  return kmsByDefault ? { 'x-amz-server-side-encryption': 'aws:kms' } : undefined
}
