import { describe, expect, it } from 'vitest'
import {
  compactedQueue,
  readQueueLines,
  readTimingLines,
  replayQueue,
  timingRecord,
  type JobRecord,
} from './queue-records'

const job = (id: string, at = 1000): JobRecord => ({
  t: 'job',
  id,
  at,
  source: `/data/${id} file`,
  bucket: 'b',
  key: `k/${id}`,
  ifExists: 'overwrite',
})
const line = (v: unknown) => `${JSON.stringify(v)}\n`

describe('reading the queue back', () => {
  it('drops a torn last line (never acknowledged) and says where the whole part ends', () => {
    const whole = line(job('a')) + line(job('b'))
    const read = readQueueLines(`${whole}{"t":"job","id":"c","at":`)
    expect(read.records.map((r) => (r as JobRecord).id)).toEqual(['a', 'b'])
    expect(read.validLength).toBe(Buffer.byteLength(whole))
    expect(read.skipped).toBe(0)
  })

  it('skips and counts a damaged line in the middle instead of refusing to start', () => {
    const read = readQueueLines(
      line(job('a')) + 'garbage\n' + line({ t: 'job', id: 'no-fields' }) + line(job('b')),
    )
    expect(read.records).toHaveLength(2)
    expect(read.skipped).toBe(2)
  })

  it('folds start records into their job and keeps the first of duplicate job records', () => {
    const replay = replayQueue([
      { t: 'mark', timings: 42 },
      job('a'),
      job('b'),
      { t: 'start', id: 'a', at: 1, transferId: 't1' },
      { t: 'start', id: 'a', at: 2, transferId: 't2' },
      { ...job('b'), key: 'duplicate' },
      { t: 'start', id: 'zz', at: 3, transferId: 'orphan' },
    ])
    expect(replay.timingsFrom).toBe(42)
    expect([...replay.jobs.keys()]).toEqual(['a', 'b'])
    expect(replay.jobs.get('a')).toMatchObject({ transferId: 't2', starts: 2 })
    expect(replay.jobs.get('b')!.record.key).toBe('k/b')
  })

  it('compacts to a mark and the open jobs, which replay to the same state', () => {
    const replay = replayQueue([job('a'), { t: 'start', id: 'a', at: 1, transferId: 't1' }, job('b')])
    const text = compactedQueue(replay.jobs.values(), 1234)
    const again = replayQueue(readQueueLines(text).records)
    expect(again.timingsFrom).toBe(1234)
    expect(again.jobs.get('a')).toMatchObject({ transferId: 't1', starts: 1 })
    expect(again.jobs.get('b')).toMatchObject({ starts: 0 })
    expect(again.jobs.get('b')!.transferId).toBeUndefined()
  })
})

describe('timing lines', () => {
  it('record Unix seconds, queue wait, transfer time and throughput', () => {
    const t = timingRecord({
      job: job('a', 1_700_000_000_000),
      startedAt: 1_700_000_000_250,
      finishedAt: 1_700_000_002_250,
      bytes: 4_000_000,
      result: 'done',
      attempts: 1,
      etag: 'e',
    })
    expect(t).toMatchObject({
      job: 'a',
      submitted: 1_700_000_000,
      started: 1_700_000_000.25,
      finished: 1_700_000_002.25,
      queueWait: 0.25,
      transferSeconds: 2,
      throughput: 2_000_000,
      result: 'done',
    })
    const failed = timingRecord({
      ...{ job: job('b'), startedAt: 1, finishedAt: 2, bytes: 9, attempts: 2 },
      result: 'failed',
    })
    expect(failed.throughput).toBe(0)
    expect(readTimingLines(line(t) + line(failed) + '{"job":').records.map((r) => r.job)).toEqual(['a', 'b'])
  })
})
