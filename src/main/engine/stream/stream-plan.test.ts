import { describe, expect, it } from 'vitest'
import { MiB } from '../../../shared/s3-limits'
import { planStream } from './stream-plan'

describe('planStream', () => {
  it('fetches ranges in parallel when the source serves them and has a size', () => {
    expect(planStream({ size: 20 * MiB + 1, ranges: true }, { partSize: 8 * MiB })).toEqual({
      mode: 'ranged',
      size: 20 * MiB + 1,
      partSize: 8 * MiB,
      partCount: 3,
    })
  })

  it('reads front to back when the source serves no ranges', () => {
    expect(planStream({ size: 10 * MiB, ranges: false }, { partSize: 5 * MiB })).toMatchObject({
      mode: 'sequential',
      partCount: 2,
    })
  })

  it('numbers parts as they come when the size is unknown', () => {
    expect(planStream({ ranges: true }, {})).toEqual({ mode: 'unsized', partSize: 8 * MiB })
  })

  it('sends a small or empty source as one part', () => {
    expect(planStream({ size: 10, ranges: true }, {})).toMatchObject({ partCount: 1 })
    expect(planStream({ size: 0, ranges: true }, {})).toMatchObject({ partCount: 1 })
  })

  it('raises the part size to stay within 10,000 parts', () => {
    const plan = planStream({ size: 100_000 * MiB, ranges: true }, { partSize: 5 * MiB })
    expect(plan.mode === 'ranged' && plan.partCount <= 10_000 && plan.partSize > 5 * MiB).toBe(true)
  })
})
