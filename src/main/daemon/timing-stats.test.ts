import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DurableQueue } from './durable-queue'
import { timingRecord, type TimingRecord } from './queue-records'
import { percentile, readTimingLog, summarizeTimings } from './timing-stats'

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

describe('readTimingLog', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  // `ferry stats`, and tests watching the daemon, read the log while the daemon appends to it.
  it('reads the finished lines at every byte of a line being written, and never throws', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-timings-'))
    dirs.push(dir)
    const paths = { queue: join(dir, 'queue.jsonl'), timings: join(dir, 'timings.jsonl') }
    const { queue } = await DurableQueue.open(paths)
    const jobs = await Promise.all(
      ['a.bin', 'café ☕.bin', 'c.bin'].map((key) =>
        queue.submit({ source: `/data/${key}`, bucket: 'b', key, ifExists: 'overwrite' }),
      ),
    )
    for (const job of jobs)
      await queue.finish(
        timingRecord({
          job,
          startedAt: job.at,
          finishedAt: job.at + 5,
          bytes: 1,
          result: 'done',
          attempts: 1,
        }),
      )
    await queue.close()
    const bytes = readFileSync(paths.timings)
    const ends = [...bytes.entries()].filter(([, b]) => b === 0x0a).map(([i]) => i + 1)
    expect(ends).toHaveLength(3)

    const watched = join(dir, 'watched.jsonl')
    const fd = openSync(watched, 'a')
    const seen: string[] = []
    try {
      for (let at = 0; at <= bytes.length; at++) {
        if (at > 0) writeSync(fd, bytes, at - 1, 1)
        const whole = ends.filter((end) => end <= at).length
        const keys = readTimingLog(watched).map((t) => t.key)
        if (
          keys.join() !==
          jobs
            .slice(0, whole)
            .map((j) => j.key)
            .join()
        )
          seen.push(`at byte ${at}: ${keys.join()}`)
      }
    } finally {
      closeSync(fd)
    }
    expect(seen).toEqual([])
    expect(readTimingLog(join(dir, 'none.jsonl'))).toEqual([])
  })
})
