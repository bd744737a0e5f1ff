import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { FAIR_SLICE_BYTES } from '../../shared/fair-share'
import { BandwidthLinks } from './bandwidth'
import { StopReason } from '../s3/stop-signal'

const KiB = 1024
const MiB = 1024 * KiB

describe('the engine’s upload link', () => {
  // The engine's links as the module builds them, one set per test (on the faked timers).
  let links: BandwidthLinks
  let takeUploadBandwidth: BandwidthLinks['takeUpload']
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    links = new BandwidthLinks()
    takeUploadBandwidth = (...args) => links.takeUpload(...args)
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('lets a small file through after one turn of a large file’s parts, not after the parts', async () => {
    const signal = new AbortController().signal
    const rate = MiB
    const large = {}
    const done: string[] = []
    // A large file's four 5 MiB parts reserve the link first: 20 s at 1 MiB/s.
    for (let p = 1; p <= 4; p++)
      void takeUploadBandwidth(5 * MiB, rate, signal, large).then(() => done.push(`part-${p}`))
    void takeUploadBandwidth(10 * KiB, rate, signal, {}).then(() => done.push('small'))
    // The parts are one flow: one slice of theirs, then the small file's.
    await vi.advanceTimersByTimeAsync(2 * (FAIR_SLICE_BYTES / rate) * 1000)
    expect(done).toEqual(['small'])
    await vi.advanceTimersByTimeAsync(19_000)
    expect(done).toEqual(['small'])
    await vi.advanceTimersByTimeAsync(1_100)
    expect(done).toHaveLength(5)
  })

  it('ends a wait on pause as the stop sentinel, whatever the signal’s reason', async () => {
    const paused = new AbortController()
    const first = takeUploadBandwidth(MiB, MiB, paused.signal, {})
    const waiting = takeUploadBandwidth(MiB, MiB, paused.signal, {})
    paused.abort(new StopReason('pause'))
    await expect(waiting).rejects.toEqual(new StopReason('pause'))
    await expect(first).rejects.toBeInstanceOf(StopReason)
    const failed = new AbortController()
    const other = takeUploadBandwidth(MiB, MiB, failed.signal, {})
    failed.abort(new Error('a sibling part failed'))
    await expect(other).rejects.toEqual(new StopReason('failed'))
  })

  it('follows the engine’s limit in place of the job’s, for waits already running, in both directions', async () => {
    const signal = new AbortController().signal
    let done = false
    // The job says 64 KiB/s: 2 MiB would take 32 s.
    void takeUploadBandwidth(2 * MiB, 64 * KiB, signal, {}).then(() => (done = true))
    await vi.advanceTimersByTimeAsync(1_000)
    expect(done).toBe(false)
    links.setLimit(0)
    await vi.advanceTimersByTimeAsync(0)
    expect(done).toBe(true)
    // And a limit set by main holds a job that carries none: 2 MiB at 1 MiB/s, after the
    // second the last 64 KiB/s slice (granted at 980 ms) holds the link.
    links.setLimit(MiB)
    let limited = false
    void takeUploadBandwidth(2 * MiB, undefined, signal, {}).then(() => (limited = true))
    await vi.advanceTimersByTimeAsync(2_500)
    expect(limited).toBe(false)
    await vi.advanceTimersByTimeAsync(500)
    expect(limited).toBe(true)
    // The download link follows the same limit, on a timetable of its own.
    let downloaded = false
    void links.download.take(MiB, undefined, signal).then(() => (downloaded = true))
    await vi.advanceTimersByTimeAsync(500)
    expect(downloaded).toBe(false)
    await vi.advanceTimersByTimeAsync(500)
    expect(downloaded).toBe(true)
  })
})
