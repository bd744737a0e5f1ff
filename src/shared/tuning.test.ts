import { describe, expect, it } from 'vitest'
import { DEFAULT_MULTIPART_THRESHOLD, MiB } from './s3-limits'
import { memoryBudget, memoryOf, multipartThreshold, planFor } from './tuning'

describe('tuning', () => {
  it('keeps the single-PUT threshold within concurrency x part size', () => {
    expect(multipartThreshold({})).toBe(DEFAULT_MULTIPART_THRESHOLD)
    expect(multipartThreshold({ partSize: 5 * MiB, concurrency: 1 })).toBe(5 * MiB + 1)
    expect(multipartThreshold({ partSize: 64 * MiB })).toBe(64 * MiB + 1)
    expect(multipartThreshold({ multipartThreshold: 1 })).toBe(1)
  })

  it('plans a file of exactly one part size as one PUT, one byte more as two parts', () => {
    expect(planFor(5 * MiB, { partSize: 5 * MiB, concurrency: 1 })).toEqual({ kind: 'single', size: 5 * MiB })
    expect(planFor(5 * MiB + 1, { partSize: 5 * MiB, concurrency: 1 })).toMatchObject({
      kind: 'multipart',
      partCount: 2,
    })
  })

  it('reserves one buffer per worker, never more than the parts', () => {
    expect(memoryOf(100 * MiB, { partSize: 8 * MiB, concurrency: 4 })).toBe(32 * MiB)
    expect(memoryOf(20 * MiB, { partSize: 8 * MiB, concurrency: 8 })).toBe(24 * MiB)
    expect(memoryOf(1000, {})).toBe(1000)
    expect(memoryBudget({ partSize: 8 * MiB, concurrency: 4 })).toBe(32 * MiB)
  })
})
