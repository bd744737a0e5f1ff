// How a streamed source is cut into parts. Pure, so the choices are unit-tested.
import { planParts } from '../../../shared/part-plan'
import { DEFAULT_PART_SIZE, MIN_PART_SIZE } from '../../../shared/s3-limits'
import type { TransferTuning } from '../../../shared/engine-protocol'

export type StreamPlan =
  /** Known size, ranges served: parts fetched in parallel, each by its own range request. */
  | { mode: 'ranged'; size: number; partSize: number; partCount: number }
  /** Known size, no ranges: one response read front to back, parts uploaded in parallel. */
  | { mode: 'sequential'; size: number; partSize: number; partCount: number }
  /** No length (chunked): parts numbered as they arrive, the last one shorter. */
  | { mode: 'unsized'; partSize: number }

export function planStream(
  source: { size?: number | undefined; ranges: boolean },
  tuning: TransferTuning,
): StreamPlan {
  const asked = tuning.partSize ?? DEFAULT_PART_SIZE
  if (source.size === undefined) return { mode: 'unsized', partSize: asked }
  // Always multipart, even for a small source: the part MD5s and the -N ETag are the proof,
  // and S3 takes a single part (the last may be under 5 MiB, or empty).
  const plan = planParts(source.size, { partSize: Math.max(asked, MIN_PART_SIZE), multipartThreshold: 1 })
  const partSize = plan.kind === 'multipart' ? plan.partSize : asked
  const partCount = plan.kind === 'multipart' ? plan.partCount : 1
  return { mode: source.ranges ? 'ranged' : 'sequential', size: source.size, partSize, partCount }
}
