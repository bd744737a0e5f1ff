import { badInput, FerryError, ferryBug } from './errors'
import {
  DEFAULT_MULTIPART_THRESHOLD,
  DEFAULT_PART_SIZE,
  MAX_CONCURRENCY,
  MAX_OBJECT_SIZE,
  MAX_PARTS,
  MAX_PART_SIZE,
  MAX_SINGLE_PUT_SIZE,
  MiB,
  MIN_PART_SIZE,
} from './s3-limits'
import { formatBytes } from './sizes'

export interface PartPlanOptions {
  /** The part size asked for; the plan may raise it to stay within MAX_PARTS. */
  partSize?: number
  /** Objects at or above this size go multipart. */
  multipartThreshold?: number
}

export type PartPlan =
  { kind: 'single'; size: number } | { kind: 'multipart'; size: number; partSize: number; partCount: number }

export interface PartRange {
  partNumber: number
  start: number
  /** Exclusive. */
  end: number
}

/** Rejects a part size S3 would refuse, with the fix in the message. */
export function validatePartSize(partSize: number): void {
  if (!Number.isSafeInteger(partSize)) {
    throw new FerryError({
      code: 'bad-setting',
      message: `part size ${partSize} is not a whole number of bytes`,
      fix: 'Use a whole number of bytes or a size with a unit, e.g. --part-size 8MiB.',
    })
  }
  if (partSize < MIN_PART_SIZE) {
    throw new FerryError({
      code: 'bad-setting',
      message: `part size ${formatBytes(partSize)} is below S3's minimum of 5 MiB`,
      fix: 'Use a part size of at least 5MiB, e.g. --part-size 8MiB.',
    })
  }
  if (partSize > MAX_PART_SIZE) {
    throw new FerryError({
      code: 'bad-setting',
      message: `part size ${formatBytes(partSize)} is above S3's maximum of 5 GiB`,
      fix: 'Use a part size of at most 5GiB.',
    })
  }
}

export function validateConcurrency(concurrency: number): void {
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new FerryError({
      code: 'bad-setting',
      message: `concurrency ${concurrency} is out of range`,
      fix: `Use a whole number from 1 to ${MAX_CONCURRENCY}, e.g. --concurrency 4.`,
    })
  }
}

/**
 * Decides single PUT or multipart and the part size. The part size is the larger of the
 * one asked for and the smallest that fits the object in MAX_PARTS parts, rounded up to
 * a whole MiB so that plans are stable and readable.
 */
export function planParts(size: number, options: PartPlanOptions = {}): PartPlan {
  if (!Number.isSafeInteger(size) || size < 0)
    throw badInput(`object size ${size} is invalid`, 'Pass a whole number of bytes.')
  if (size > MAX_OBJECT_SIZE) {
    throw new FerryError({
      code: 'bad-input',
      message: `${formatBytes(size)} is larger than S3's 5 TiB object limit`,
      fix: 'Split the file into pieces of at most 5 TiB before uploading.',
    })
  }
  const requested = options.partSize ?? DEFAULT_PART_SIZE
  validatePartSize(requested)
  const threshold = Math.min(options.multipartThreshold ?? DEFAULT_MULTIPART_THRESHOLD, MAX_SINGLE_PUT_SIZE)
  // An empty object is one empty PUT at any threshold; multipart would need three requests for it.
  if (size === 0 || size < threshold) return { kind: 'single', size }

  const minimumForCount = Math.ceil(size / MAX_PARTS)
  let partSize = Math.max(requested, minimumForCount)
  if (partSize !== requested) partSize = Math.ceil(partSize / MiB) * MiB
  const partCount = Math.max(1, Math.ceil(size / partSize))
  return { kind: 'multipart', size, partSize, partCount }
}

export function partRange(plan: { size: number; partSize: number }, partNumber: number): PartRange {
  const partCount = Math.max(1, Math.ceil(plan.size / plan.partSize))
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > partCount) {
    // A wrong part number would otherwise read bytes outside the file or an empty range.
    throw ferryBug(`part ${partNumber} is outside the plan's parts 1 to ${partCount}`)
  }
  const start = (partNumber - 1) * plan.partSize
  return { partNumber, start, end: Math.min(plan.size, start + plan.partSize) }
}

export function partRanges(plan: { size: number; partSize: number; partCount: number }): PartRange[] {
  return Array.from({ length: plan.partCount }, (_, i) => partRange(plan, i + 1))
}
