import type { TransferTuning } from './engine-protocol'
import { planParts } from './part-plan'
import { DEFAULT_CONCURRENCY, DEFAULT_MULTIPART_THRESHOLD, DEFAULT_PART_SIZE } from './s3-limits'

/**
 * Files below this go in one PutObject. Never above concurrency x part size, so a single
 * PUT's buffer stays within the memory bound a multipart upload of the same settings has.
 */
export function multipartThreshold(tuning: TransferTuning): number {
  if (tuning.multipartThreshold !== undefined) return tuning.multipartThreshold
  const partSize = tuning.partSize ?? DEFAULT_PART_SIZE
  const concurrency = tuning.concurrency ?? DEFAULT_CONCURRENCY
  return Math.min(Math.max(DEFAULT_MULTIPART_THRESHOLD, partSize + 1), partSize * concurrency + 1)
}

/** The plan the engine will make for a file of this size with these settings. */
export const planFor = (size: number, tuning: TransferTuning) =>
  planParts(size, {
    partSize: tuning.partSize ?? DEFAULT_PART_SIZE,
    multipartThreshold: multipartThreshold(tuning),
  })

/** Bytes of buffers an upload holds at once: the file for a single PUT, else one part per worker. */
export function memoryOf(size: number, tuning: TransferTuning): number {
  const plan = planFor(size, tuning)
  if (plan.kind === 'single') return size
  return Math.min(tuning.concurrency ?? DEFAULT_CONCURRENCY, plan.partCount) * plan.partSize
}

/** The memory bound of a transfer with these settings (the single-PUT threshold stays below it). */
export const memoryBudget = (tuning: TransferTuning): number =>
  (tuning.concurrency ?? DEFAULT_CONCURRENCY) * (tuning.partSize ?? DEFAULT_PART_SIZE)
