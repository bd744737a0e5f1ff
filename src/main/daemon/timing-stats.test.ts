import { describe, expect, it } from 'vitest'
import type { TimingRecord } from './queue-records'
import { percentile, summarizeTimings } from './timing-stats'

const rec = (over: Partial<TimingRecord>): TimingRecord => ({
  job: 'j',
  source: '/f',
  bucket: 'b',
  key: 'k',
  submitted: 100,
  started: 100,
  finished: 101,
  queueWait: 0,
  transferSeconds: 1,
  bytes: 1000,
  throughput: 1000,
  result: 'done',
  attempts: 1,
  ...over,
})

describe('percentile', () => {
  it('is the nearest-rank value', () => {
    const v = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(percentile(v, 50)).toBe(50)
    expect(percentile(v, 95)).toBe(95)
    expect(percentile([3], 95)).toBe(3)
    expect(percentile([], 50)).toBe(0)
  })
})

describe('summarizeTimings', () => {
  it('counts, sums bytes of stored objects, and spreads latency from submission', () => {
    const records = [
      rec({ job: 'a', submitted: 100, started: 100.5, finished: 101, queueWait: 0.5, transferSeconds: 0.5 }),
      rec({ job: 'b', submitted: 100, started: 101, finished: 103, queueWait: 1, transferSeconds: 2 }),
      rec({ job: 'c', submitted: 100, started: 101, finished: 104, queueWait: 1, transferSeconds: 3 }),
      rec({ job: 'd', result: 'failed', bytes: 5, error: { code: 'bucket-missing', message: 'x' } }),
    ]
    const s = summarizeTimings(records)
    expect(s).toMatchObject({ count: 4, done: 3, failed: 1, bytes: 3000, errors: { 'bucket-missing': 1 } })
    expect(s.latency).toEqual({ median: 3, p95: 4, max: 4 })
    expect(s.transfer.median).toBe(2)
    // 3 objects between the first start (100.5) and the last finish (104).
    expect(s.objectsPerSecond).toBeCloseTo(3 / 3.5, 3)
    expect(s.bytesPerSecond).toBe(Math.round(3000 / 3.5))
  })

  it('keeps only objects finished since a time, and is all zeros for none', () => {
    const s = summarizeTimings([rec({ finished: 50 }), rec({ finished: 150, started: 149 })], 100)
    expect(s.count).toBe(1)
    expect(summarizeTimings([])).toMatchObject({ count: 0, bytes: 0, firstStart: null, objectsPerSecond: 0 })
  })
})
