// The multipart ETag checked without reading the file back: when every range starts on a
// part boundary of the object, each range hashes its own parts as its bytes are written, and
// the ETag is the MD5 of those part digests in order. Ranges kept from an interrupted run are
// hashed from the partial file instead (their bytes are on disk, not in memory).
import type { FileHandle } from 'node:fs/promises'
import { MIN_PART_SIZE, MiB } from '../../../shared/s3-limits'
import { EtagHasher, PartDigests } from '../../s3/etag-hasher'
import type { EtagShape } from '../../s3/etag-shape'
import { hashFile } from './download-verdict'
import type { ByteRange, RangePlan } from './range-plan'

/**
 * Ranges follow the object's parts up to this size; larger parts keep the requested ranges
 * (and the hash that follows the file), since a handful of huge ranges would not be parallel.
 */
const MAX_PART_AS_RANGE = 64 * MiB

/**
 * The range size to plan: the requested one when it is a whole number of parts, else the
 * object's part size (when it is a plausible range), else the requested one as it is.
 */
export function alignedRangeSize(
  requested: number | undefined,
  partSize: number | undefined,
): number | undefined {
  if (partSize === undefined) return requested
  if (requested !== undefined && requested % partSize === 0) return requested
  if (partSize < MIN_PART_SIZE || partSize > MAX_PART_AS_RANGE) return requested
  // A request for ranges smaller than a part gets whole parts; one unrelated to it is kept.
  if (requested !== undefined && partSize % requested !== 0) return requested
  return partSize
}

export class RangeHashes {
  private readonly perRange: (PartDigests | undefined)[]

  private constructor(
    private readonly plan: RangePlan,
    private readonly partSize: number,
  ) {
    this.perRange = plan.ranges.map(() => undefined)
  }

  /** Hashes per range for a multipart ETag of `partSize` parts, or undefined when the ranges straddle parts. */
  static of(shape: EtagShape, plan: RangePlan, partSize: number | undefined): RangeHashes | undefined {
    if (shape.kind !== 'multipart' || partSize === undefined || partSize <= 0) return undefined
    if (plan.ranges.length === 0 || plan.rangeSize % partSize !== 0) return undefined
    return new RangeHashes(plan, partSize)
  }

  /** The hash a range's bytes are fed to, in order, as they are written (a retry continues it). */
  of(range: ByteRange): PartDigests {
    let digests = this.perRange[range.index]
    if (!digests) {
      digests = new PartDigests(this.partSize)
      this.perRange[range.index] = digests
    }
    return digests
  }

  /** Hashes ranges finished by an earlier run from the partial file. */
  async hashKept(file: FileHandle, kept: readonly ByteRange[]): Promise<void> {
    for (const range of kept) {
      const digests = new PartDigests(this.partSize)
      await hashFile(file, range.end - range.start, digests, range.start)
      this.perRange[range.index] = digests
    }
  }

  /** The verdict's hasher; every range must be hashed in full by now. */
  hasher(shape: EtagShape): EtagHasher {
    const all: Buffer[] = []
    for (const [index, digests] of this.perRange.entries()) {
      if (!digests) throw new Error(`range ${index} of ${this.plan.ranges.length} was never hashed`)
      all.push(...digests.close())
    }
    return EtagHasher.ofPartDigests(shape, this.partSize, all)
  }
}
