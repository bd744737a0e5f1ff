import { describe, expect, it } from 'vitest'
import { MAX_PARTS, MiB, TiB } from '../../../shared/s3-limits'
import { parseContentRange, planRanges, rangeHeader, rangesOf } from './range-plan'

describe('planRanges', () => {
  it('covers the object with contiguous ranges of the part size, the last one shorter', () => {
    const plan = planRanges(20 * MiB + 1, 8 * MiB)
    expect(plan.rangeSize).toBe(8 * MiB)
    expect(plan.ranges.map((r) => [r.start, r.end])).toEqual([
      [0, 8 * MiB],
      [8 * MiB, 16 * MiB],
      [16 * MiB, 20 * MiB + 1],
    ])
  })

  it('gives exactly k ranges for k x part size', () => {
    const plan = planRanges(3 * 8 * MiB, 8 * MiB)
    expect(plan.ranges).toHaveLength(3)
    expect(plan.ranges.at(-1)!.end).toBe(24 * MiB)
  })

  it('fetches nothing for an empty object and one range for a small one', () => {
    expect(planRanges(0).ranges).toEqual([])
    expect(planRanges(10).ranges).toEqual([{ index: 0, start: 0, end: 10 }])
  })

  it('never needs more than MAX_PARTS ranges (5 TiB)', () => {
    const plan = planRanges(5 * TiB, 8 * MiB)
    expect(plan.ranges.length).toBeLessThanOrEqual(MAX_PARTS)
    expect(plan.ranges.at(-1)!.end).toBe(5 * TiB)
  })

  it('rejects range sizes below S3 part limits with a fix', () => {
    expect(() => planRanges(100 * MiB, 1 * MiB)).toThrow(/below S3's minimum/)
  })

  it('rebuilds the same plan from a journal range size', () => {
    expect(rangesOf(17, 5).ranges.map((r) => r.end)).toEqual([5, 10, 15, 17])
  })
})

describe('range headers', () => {
  it('writes inclusive ends and parses Content-Range back to exclusive ones', () => {
    expect(rangeHeader(0, 10)).toBe('bytes=0-9')
    expect(parseContentRange('bytes 0-9/100')).toEqual({ start: 0, end: 10, total: 100 })
    expect(parseContentRange('bytes 5-9/*')?.total).toBeNaN()
    expect(parseContentRange(undefined)).toBeUndefined()
    expect(parseContentRange('items 0-9/100')).toBeUndefined()
  })
})
