// What an ETag can prove about the bytes. A single PUT's ETag is the MD5 of the object; a
// multipart upload's is md5(md5(part 1) || ... || md5(part N)) + "-N", so checking it needs
// the part size the uploader used. S3 can say (HEAD ?partNumber=1 answers with PartsCount
// and the first part's length); stores that cannot (radosgw 16) leave Ferry to infer it
// from the sizes common uploaders choose.
import { planParts } from '../../shared/part-plan'
import { DEFAULT_PART_SIZE, MAX_PARTS, MiB } from '../../shared/s3-limits'

export type EtagShape =
  /** `unsure`: why an ETag that looks like an MD5 may not be one (then a difference proves nothing). */
  | { kind: 'md5'; md5: string; unsure?: string }
  | { kind: 'multipart'; md5: string; parts: number; unsure?: string }
  /** SSE-KMS, SSE-C, or a store with its own ETag scheme: no local computation can match it. */
  | { kind: 'opaque'; reason: string }

/**
 * `customerAlgorithm` is the object's SSE-C algorithm: AWS gives such objects an ETag that is
 * no MD5 of the bytes, radosgw an MD5 one, so a match proves the bytes and a difference does not.
 */
export function parseEtag(
  etag: string,
  serverSideEncryption?: string,
  customerAlgorithm?: string,
): EtagShape {
  const bare = etag.replaceAll('"', '').trim().toLowerCase()
  if (serverSideEncryption?.startsWith('aws:kms')) {
    return {
      kind: 'opaque',
      reason: 'the object is encrypted with SSE-KMS, so its ETag is not an MD5 of its bytes',
    }
  }
  const unsure = customerAlgorithm
    ? { unsure: 'the object is encrypted with SSE-C, so its ETag may not be an MD5 of its bytes' }
    : {}
  const single = /^([0-9a-f]{32})$/.exec(bare)
  if (single) return { kind: 'md5', md5: single[1]!, ...unsure }
  const multi = /^([0-9a-f]{32})-(\d+)$/.exec(bare)
  if (multi && Number(multi[2]) >= 1)
    return { kind: 'multipart', md5: multi[1]!, parts: Number(multi[2]), ...unsure }
  return {
    kind: 'opaque',
    reason:
      bare === ''
        ? 'the server gave no ETag'
        : `the ETag "${bare}" is not an MD5 the bytes can be checked against`,
  }
}

/** Part sizes popular uploaders use: aws-cli/boto3 8 MiB, lib-storage and rclone 5 MiB, s3cmd 15 MiB... */
const COMMON_PART_SIZES = [8, 5, 16, 15, 10, 32, 64, 25, 50, 100, 128, 256, 512, 1024].map((n) => n * MiB)
/** Some tools count in decimal megabytes. */
const DECIMAL_PART_SIZES = [8, 5, 10, 16, 50, 100].map((n) => n * 1_000_000)

export interface PartSizeOptions {
  /** The first part's length, from HEAD ?partNumber=1: exact when the server gives it. */
  firstPartSize?: number
  /** At most this many candidates (each costs an MD5 pass over the bytes). */
  max?: number
}

/**
 * Part sizes that split `size` bytes into exactly `parts` parts, most likely first. With
 * the server's first part size, that is the only answer; otherwise Ferry's own plan, then
 * aws-cli's (8 MiB doubled until the object fits in 10,000 parts), then common sizes, then
 * whole MiB sizes that fit.
 */
export function candidatePartSizes(size: number, parts: number, options: PartSizeOptions = {}): number[] {
  if (parts <= 1 || size <= 0) return [Math.max(size, 1)]
  const fits = (p: number) => Number.isSafeInteger(p) && p > 0 && Math.ceil(size / p) === parts
  if (options.firstPartSize !== undefined && fits(options.firstPartSize)) return [options.firstPartSize]
  const max = options.max ?? 6
  const ordered: number[] = []
  const ferry = planParts(size, { partSize: DEFAULT_PART_SIZE, multipartThreshold: 0 })
  if (ferry.kind === 'multipart') ordered.push(ferry.partSize)
  let awsCli = 8 * MiB
  while (Math.ceil(size / awsCli) > MAX_PARTS) awsCli *= 2
  ordered.push(awsCli, ...COMMON_PART_SIZES, ...DECIMAL_PART_SIZES)
  // Tools that scale the part size for large objects round ceil(size / parts) up to a MiB.
  const smallest = Math.ceil(size / parts)
  ordered.push(Math.ceil(smallest / MiB) * MiB, smallest)
  const largest = Math.ceil(size / (parts - 1)) - 1
  for (let p = Math.ceil(smallest / MiB) * MiB; p <= largest && ordered.length < 64; p += MiB) ordered.push(p)
  const out: number[] = []
  for (const p of ordered) {
    if (fits(p) && !out.includes(p)) out.push(p)
    if (out.length === max) break
  }
  return out
}
