// Which byte ranges a download fetches. Ranges reuse the upload part plan: the same
// limits, and never more than MAX_PARTS ranges, so the journal stays small whatever the size.
import { planParts } from '../../../shared/part-plan'

export interface ByteRange {
  index: number
  start: number
  /** Exclusive. */
  end: number
}

export interface RangePlan {
  size: number
  rangeSize: number
  ranges: ByteRange[]
}

export function planRanges(size: number, requestedRangeSize?: number): RangePlan {
  const plan = planParts(size, {
    ...(requestedRangeSize !== undefined ? { partSize: requestedRangeSize } : {}),
    multipartThreshold: 0,
  })
  if (plan.kind === 'single') {
    // Only an empty object: nothing to fetch.
    return {
      size,
      rangeSize: requestedRangeSize ?? 0,
      ranges: size === 0 ? [] : [{ index: 0, start: 0, end: size }],
    }
  }
  return rangesOf(size, plan.partSize)
}

/** The plan for a range size already chosen (a resumed download keeps its journal's). */
export function rangesOf(size: number, rangeSize: number): RangePlan {
  const count = size === 0 ? 0 : Math.ceil(size / rangeSize)
  const ranges = Array.from({ length: count }, (_, index) => ({
    index,
    start: index * rangeSize,
    end: Math.min(size, (index + 1) * rangeSize),
  }))
  return { size, rangeSize, ranges }
}

/** The HTTP Range header value for a range (inclusive end). */
export const rangeHeader = (start: number, end: number): string => `bytes=${start}-${end - 1}`

/** Parses "bytes START-END/TOTAL" from a 206 answer. */
export function parseContentRange(
  value: string | undefined,
): { start: number; end: number; total: number } | undefined {
  const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(value?.trim() ?? '')
  if (!match) return undefined
  return {
    start: Number(match[1]),
    end: Number(match[2]) + 1,
    total: match[3] === '*' ? NaN : Number(match[3]),
  }
}
