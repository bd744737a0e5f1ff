import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { LinkSchedule } from './bandwidth'
import { StopReason } from '../s3/stop-signal'

const MiB = 1024 * 1024

describe('LinkSchedule (the bandwidth limit)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('spaces parts of all transfers together to average the limit', async () => {
    const signal = new AbortController().signal
    const released: number[] = []
    const start = performance.now()
    const link = new LinkSchedule()
    const part = (n: number) => link.take(MiB, 2 * MiB, signal).then(() => released.push(n))
    // Three parts of two transfers, at 2 MiB/s: the link is busy 0.5 s per part.
    void part(1)
    void part(2)
    void part(3)
    await vi.advanceTimersByTimeAsync(0)
    expect(released).toEqual([1])
    await vi.advanceTimersByTimeAsync(499)
    expect(released).toEqual([1])
    await vi.advanceTimersByTimeAsync(1)
    expect(released).toEqual([1, 2])
    await vi.advanceTimersByTimeAsync(500)
    expect(released).toEqual([1, 2, 3])
    expect(performance.now() - start).toBe(1000)
  })

  it('gives an idle link no credit, passes everything with no limit, and stops waiting on pause', async () => {
    const controller = new AbortController()
    const link = new LinkSchedule()
    await link.take(MiB, 0, controller.signal)
    await link.take(MiB, 4 * MiB, controller.signal)
    await vi.advanceTimersByTimeAsync(10_000)
    // Idle for 10 s: the next part goes at once, the one after waits its quarter second.
    await link.take(MiB, 4 * MiB, controller.signal)
    const waiting = link.take(MiB, 4 * MiB, controller.signal)
    controller.abort(new StopReason('pause'))
    await expect(waiting).rejects.toBeInstanceOf(StopReason)
  })
})
