// Proving that an object equals a local file by its ETag: a single PUT's ETag is the file's
// MD5; a multipart ETag is reproduced from the file given the part size that was used.
import type { CustomerKey } from '../../shared/encryption'
import { customerKeyParams } from './customer-key'
import { createHash } from 'node:crypto'
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import type { Verification } from '../../shared/domain/transfer'
import { planParts } from '../../shared/part-plan'
import { MAX_PART_SIZE, MiB, MIN_PART_SIZE } from '../../shared/s3-limits'
import { etagShape, multipartEtag, normalizeEtag } from './digests'
import { PartReader } from './part-reader'
import { throwIfStopped } from './stop-signal'

const READ_CHUNK = 8 * MiB

/**
 * The ETag S3 gives this file uploaded with partSize, or its plain MD5 when partSize is
 * undefined. Reads the file once, in chunks of at most 8 MiB, whatever its size.
 */
export async function localEtag(
  path: string,
  size: number,
  partSize: number | undefined,
  signal?: AbortSignal,
): Promise<string> {
  const reader = await PartReader.open(path)
  const buffer = Buffer.allocUnsafeSlow(Math.min(READ_CHUNK, Math.max(1, size)))
  const whole = createHash('md5')
  const partDigests: Buffer[] = []
  let part = createHash('md5')
  let inPart = 0
  try {
    for (let offset = 0; offset < size;) {
      let end = Math.min(size, offset + buffer.length)
      if (partSize !== undefined) end = Math.min(end, offset + (partSize - inPart))
      const bytes = await reader.read(buffer, offset, end)
      if (signal) throwIfStopped(signal)
      if (partSize === undefined) whole.update(bytes)
      else {
        part.update(bytes)
        inPart += bytes.length
        if (inPart === partSize) {
          partDigests.push(part.digest())
          part = createHash('md5')
          inPart = 0
        }
      }
      offset = end
    }
  } finally {
    await reader.close()
  }
  if (partSize === undefined) return whole.digest('hex')
  if (inPart > 0 || partDigests.length === 0) partDigests.push(part.digest())
  return multipartEtag(partDigests)
}

export interface Comparison {
  verification: Verification
  /** The ETag was comparable and differed: the stored bytes are not the file's. */
  mismatch: boolean
}

/** Compares the server's ETag and size with what the local bytes give. */
export function compareEtag(
  serverEtag: string,
  serverSize: number,
  expectedEtag: string,
  expectedSize: number,
): Comparison {
  const server = normalizeEtag(serverEtag)
  if (serverSize !== expectedSize) {
    return {
      mismatch: true,
      verification: {
        verified: false,
        method: 'none',
        reason: `the object has ${serverSize} bytes, the file ${expectedSize}`,
      },
    }
  }
  const shape = etagShape(server)
  if (shape.kind === 'opaque') {
    return {
      mismatch: false,
      verification: {
        verified: false,
        method: 'parts',
        reason: `the server's ETag "${server}" is not an MD5 (encrypted or non-S3 store), so the bytes could not be compared`,
      },
    }
  }
  if (server !== expectedEtag) {
    return {
      mismatch: true,
      verification: {
        verified: false,
        method: 'none',
        reason: `the object's ETag is ${server}, the file gives ${expectedEtag}`,
      },
    }
  }
  const verification: Verification =
    shape.kind === 'multipart'
      ? {
          verified: true,
          method: 'multipart-etag',
          detail: `ETag ${server} equals the MD5 of the ${shape.partCount} part MD5s of the file`,
        }
      : { verified: true, method: 'md5', detail: `ETag ${server} equals the MD5 of the file` }
  return { mismatch: false, verification }
}

export interface ObjectFacts {
  etag: string
  size: number
  /** The first part's size when the store answers HEAD ?partNumber=1 (AWS does; radosgw 16 ignores it). */
  firstPartSize?: number
}

export async function headForVerify(
  client: S3Client,
  bucket: string,
  key: string,
  customerKey?: CustomerKey,
): Promise<ObjectFacts> {
  const ssec = customerKey ? customerKeyParams(customerKey) : {}
  const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ...ssec }))
  const facts: ObjectFacts = { etag: normalizeEtag(out.ETag), size: out.ContentLength ?? 0 }
  const shape = etagShape(facts.etag)
  if (shape.kind === 'multipart' && shape.partCount > 1) {
    try {
      const part = await client.send(
        new HeadObjectCommand({ Bucket: bucket, Key: key, PartNumber: 1, ...ssec }),
      )
      // A store that ignores partNumber answers with the whole object: no part size learned.
      const length = part.ContentLength ?? facts.size
      if (part.PartsCount === shape.partCount || length < facts.size) facts.firstPartSize = length
    } catch {
      // A store that refuses partNumber: the part size is guessed instead.
    }
  }
  return facts
}

const COMMON_PART_SIZES_MIB = [8, 5, 16, 10, 15, 32, 64, 100, 128, 256, 512, 1024]
const COMMON_PART_SIZES_MB = [5, 8, 10, 15, 16, 100]

/**
 * Part sizes that split `size` bytes into exactly `partCount` parts, most likely first:
 * what the caller knows (a journal, HEAD ?partNumber=1), Ferry's own plan, then the sizes
 * other tools use (aws-cli 8 MiB, rclone and s3cmd 5 and 15 MiB, multiples of MB).
 */
export function partSizeCandidates(size: number, partCount: number, hints: readonly number[] = []): number[] {
  const fits = (ps: number) => ps >= 1 && ps <= MAX_PART_SIZE && Math.ceil(size / ps) === partCount
  const out: number[] = []
  const add = (ps: number) => {
    if (fits(ps) && !out.includes(ps)) out.push(ps)
  }
  for (const h of hints) add(h)
  if (size >= MIN_PART_SIZE) {
    try {
      const plan = planParts(size, { multipartThreshold: 1 })
      if (plan.kind === 'multipart') add(plan.partSize)
    } catch {
      // Larger than S3 allows: no plan of ours made it.
    }
  }
  for (const mib of COMMON_PART_SIZES_MIB) add(mib * MiB)
  for (const mb of COMMON_PART_SIZES_MB) add(mb * 1_000_000)
  // The smallest size giving partCount parts, in whole MiB (how Ferry raises its part size).
  add(Math.ceil(size / partCount / MiB) * MiB)
  add(Math.ceil(size / partCount))
  return out
}
